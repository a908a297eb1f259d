-- PostgreSQL only (a smaller vector to rank search matches by); FTS5 ranks with bm25 on
-- its own index. Kept so both trees have the same numbering.
SELECT 1;
