#!/usr/bin/env python3
"""Posts comments to one article through the JSON API at a steady rate, for the
hot-story scenario of bench/reader/run.sh.

Usage: post_comments.py BASE_URL ARTICLE_ID TOKEN PER_SECOND SECONDS
Prints one line: "posted N failed M" (N counts 2xx answers).
"""
import json
import sys
import time
import urllib.error
import urllib.request


def main(base, article, token, per_second, seconds):
    url = f"{base}/api/v1/articles/{article}/comments"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    interval = 1.0 / per_second
    start = time.monotonic()
    posted = failed = 0
    n = 0
    while time.monotonic() - start < seconds:
        body = json.dumps({"body": f"Reader {n} on the timetable: the late ferry helps shift workers."})
        req = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                posted += 200 <= resp.status < 300
        except (urllib.error.URLError, TimeoutError):
            failed += 1
        n += 1
        # Keep to the schedule rather than sleeping a fixed time after each post.
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print(f"posted {posted} failed {failed}")


if __name__ == "__main__":
    b, a, t, r, s = sys.argv[1:6]
    main(b, int(a), t, float(r), float(s))
