# The reader site: navigation, listings, articles, search.
language-name = English
sections-label = Sections
home-description = News from the harbour city: council, port, science, culture and sport.
home-top-stories = Top stories
footer-rss = RSS
pager-label = More pages
pager-first = Newest stories
pager-older = Older stories
listing-section = Section
listing-tag = Topic
listing-author = Reporter
listing-empty = Nothing has been published here yet.
article-updated = Updated
image-credit = Photograph: { $credit }
article-tags = Topics
article-share = Share this article
share-email = Email
article-related = Related articles
article-comments = Comments
search-title = Search
search-label = Search the archive
search-placeholder = Search
search-submit = Search
search-section = Section
search-any-section = All sections
search-from = From
search-to = To
search-no-results = No articles match your search. Try fewer or different words.
search-page-of-results = Results, page { $page }
pager-newer-results = Previous results
pager-more-results = More results
error-search-hint = Search for what you were looking for
error-server-body = We could not show this page just now. Please try again in a moment.
card-comments = { $count ->
    [one] 1 comment
   *[other] { $count } comments
}
article-corrections = Corrections
