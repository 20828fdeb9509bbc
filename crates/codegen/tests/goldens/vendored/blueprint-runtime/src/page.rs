// Vendored from blueprint-runtime 0.1.0 by blueprint codegen. Do not edit by hand.
//! Pages of a listing, and lazy streams over all of them.
//!
//! The shape of a page is the API's (a generated `Page<T>`, or a response
//! type whose items and next page the generator found, implements
//! [`Paged`]); walking from page to page is the mechanism here, whether pages
//! are numbered, follow cursors, or link to the next one.

use crate::api::ErrorCode;
use crate::error::Escaped;
use crate::Error;
use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use std::future::Future;
use std::str::FromStr;

/// The most pages a stream fetches unless the client says otherwise: a
/// server whose `next` keeps growing must not make a stream endless.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// Where a page of a listing starts, as the request for it says: what a page
/// gives to find the next one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageRef {
    /// A page number (`?page=3`).
    Number(u64),
    /// An opaque cursor from the previous page (`?cursor=c2VjcmV0`).
    Cursor(String),
    /// The URL of the next page, from the previous page (`links.next`): its
    /// query says which page.
    Link(String),
}

impl PageRef {
    /// The value of the request parameter `name` that asks for this page:
    /// the number, the cursor, or the value of `name` in the link's query.
    /// A link without it, or a value that is not a `T`, ends the listing
    /// with [`Error::Pagination`].
    pub fn parameter<T: FromStr, C: ErrorCode>(
        &self,
        operation: &'static str,
        name: &str,
    ) -> Result<T, Error<C>> {
        let fail = |message: String| Error::Pagination { operation, message };
        let text = match self {
            PageRef::Number(n) => n.to_string(),
            PageRef::Cursor(cursor) => cursor.clone(),
            PageRef::Link(link) => {
                let base = url::Url::parse("http://localhost/").map_err(|e| fail(e.to_string()))?;
                let url = base.join(link).map_err(|e| {
                    fail(format!(
                        "the next page's link `{}` is not a URL: {e}",
                        Escaped(link)
                    ))
                })?;
                let value = url.query_pairs().find(|(key, _)| key == name);
                match value {
                    Some((_, value)) => value.into_owned(),
                    None => {
                        return Err(fail(format!(
                            "the next page's link `{}` has no `{name}` parameter",
                            Escaped(link)
                        )))
                    }
                }
            }
        };
        text.parse().map_err(|_| {
            fail(format!(
                "`{}` is not a value of the page parameter `{name}`",
                Escaped(&text)
            ))
        })
    }
}

/// One page of a listing: a generated `Page<T>`, or a response type whose
/// items and next page the generator found in the spec's examples.
pub trait Paged {
    /// The items' type.
    type Item;
    /// Where the next page starts; `None` on the last page.
    fn next_ref(&self) -> Option<PageRef>;
    /// The number of pages of the listing, if the API says.
    fn page_count(&self) -> Option<u64> {
        None
    }
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A stream of the items of every page of a listing: boxed, so it is
/// `Unpin` (`while let Some(x) = stream.try_next().await?` needs no `pin!`),
/// `Send` and `'static`.
pub type ItemStream<T, C = crate::api::AnyCode> = BoxStream<'static, Result<T, Error<C>>>;

enum Next<C: ErrorCode> {
    Page(Option<PageRef>),
    Done,
    Fail(Error<C>),
}

struct Cursor<F, C: ErrorCode> {
    operation: &'static str,
    next: Next<C>,
    fetched: u64,
    max_pages: u64,
    fetch: F,
}

/// A lazy stream over every item of every page of `operation`, starting at
/// `first` (`None`: the request as the caller built it).
///
/// `fetch(at)` loads the page at `at`; it is called only when the previous
/// page's items are used up. The stream ends after a page without a next
/// page, an empty page, or the page the listing's page count names as the
/// last. A server that does not move forward (the next page is the one just
/// fetched, or a lower number) or that would make the stream fetch more than
/// `max_pages` pages ends it with an [`Error::Pagination`] after that page's
/// items, instead of looping forever. After any error the stream ends.
pub fn paginate<P, C, F, Fut>(
    operation: &'static str,
    first: Option<PageRef>,
    max_pages: u64,
    fetch: F,
) -> ItemStream<P::Item, C>
where
    P: Paged + Send + 'static,
    P::Item: Send + 'static,
    C: ErrorCode,
    F: FnMut(Option<PageRef>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<P, Error<C>>> + Send + 'static,
{
    let cursor = Cursor {
        operation,
        next: Next::Page(first),
        fetched: 0,
        max_pages,
        fetch,
    };
    stream::try_unfold(cursor, |mut cursor| async move {
        let at = match std::mem::replace(&mut cursor.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Fail(err) => return Err(err),
            Next::Page(at) => at,
        };
        let page = (cursor.fetch)(at.clone()).await?;
        cursor.fetched += 1;
        let fail = |message: String| {
            Next::Fail(Error::Pagination {
                operation: cursor.operation,
                message,
            })
        };
        let number = match at {
            Some(PageRef::Number(n)) => Some(n),
            _ => None,
        };
        let last = page.page_count();
        cursor.next = match page.next_ref() {
            None => Next::Done,
            Some(_) if number.zip(last).is_some_and(|(n, pages)| n >= pages) => Next::Done,
            Some(PageRef::Number(next)) if number.is_some_and(|n| next <= n) => fail(format!(
                "page {} says the next page is {next}; stopping to avoid a loop",
                number.unwrap_or_default()
            )),
            Some(next) if at.as_ref() == Some(&next) => fail(
                "the next page is the page just fetched; stopping to avoid a loop".to_owned(),
            ),
            Some(_) if cursor.fetched >= cursor.max_pages => fail(format!(
                "the listing has more than {} pages, the client's limit (see `ClientBuilder::max_pages`)",
                cursor.max_pages
            )),
            Some(next) => Next::Page(Some(next)),
        };
        let items = page.into_items();
        if items.is_empty() && !matches!(cursor.next, Next::Fail(_)) {
            cursor.next = Next::Done;
        }
        Ok(Some((
            stream::iter(items.into_iter().map(Ok::<P::Item, Error<C>>)),
            cursor,
        )))
    })
    .try_flatten()
    .fuse()
    .boxed()
}

/// Collects every item of a stream made by [`paginate`], stopping at the first error.
pub async fn collect_all<T, C, S>(stream: S) -> Result<Vec<T>, Error<C>>
where
    C: ErrorCode,
    S: Stream<Item = Result<T, Error<C>>>,
{
    stream.try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::AnyCode;

    struct TestPage {
        items: Vec<u32>,
        next: Option<u64>,
        pages: Option<u64>,
    }

    impl Paged for TestPage {
        type Item = u32;
        fn next_ref(&self) -> Option<PageRef> {
            self.next.map(PageRef::Number)
        }
        fn page_count(&self) -> Option<u64> {
            self.pages
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
    }

    fn page(next: Option<u64>, pages: Option<u64>, items: Vec<u32>) -> TestPage {
        TestPage { items, next, pages }
    }

    fn run<F, Fut>(max_pages: u64, mut fetch: F) -> Result<Vec<u32>, Error<AnyCode>>
    where
        F: FnMut(u64) -> Fut + Send + 'static,
        Fut: Future<Output = Result<TestPage, Error<AnyCode>>> + Send + 'static,
    {
        let by_number = move |at: Option<PageRef>| match at {
            Some(PageRef::Number(n)) => fetch(n),
            other => panic!("a numbered listing was asked for {other:?}"),
        };
        let stream = paginate("List", Some(PageRef::Number(1)), max_pages, by_number);
        futures_util::FutureExt::now_or_never(collect_all(stream)).expect("the fetches never wait")
    }

    /// A listing by cursor: `c0` → `c1` → `c2`, the last without a next cursor.
    struct CursorPage {
        items: Vec<u32>,
        next: Option<String>,
    }

    impl Paged for CursorPage {
        type Item = u32;
        fn next_ref(&self) -> Option<PageRef> {
            self.next.clone().map(PageRef::Cursor)
        }
        fn into_items(self) -> Vec<u32> {
            self.items
        }
    }

    #[test]
    fn cursors_are_followed_from_the_request_as_built() {
        let stream = paginate("List", None, 100, |at: Option<PageRef>| async move {
            let next = |c: &str| Some(c.to_owned());
            Ok::<_, Error<AnyCode>>(match at {
                None => CursorPage {
                    items: vec![1],
                    next: next("c1"),
                },
                Some(PageRef::Cursor(c)) if c == "c1" => CursorPage {
                    items: vec![2],
                    next: next("c2"),
                },
                Some(PageRef::Cursor(c)) if c == "c2" => CursorPage {
                    items: vec![3],
                    next: None,
                },
                other => panic!("unexpected {other:?}"),
            })
        });
        let all = futures_util::FutureExt::now_or_never(collect_all(stream)).unwrap();
        assert_eq!(all.unwrap(), vec![1, 2, 3]);
    }

    #[test]
    fn a_cursor_that_repeats_is_an_error() {
        let stream = paginate("List", None, 100, |_at: Option<PageRef>| async move {
            Ok::<_, Error<AnyCode>>(CursorPage {
                items: vec![1],
                next: Some("same".to_owned()),
            })
        });
        let result = futures_util::FutureExt::now_or_never(collect_all(stream)).unwrap();
        let Err(Error::Pagination { operation, message }) = result else {
            panic!("{result:?}");
        };
        assert_eq!(operation, "List");
        assert!(message.contains("just fetched"), "{message}");
    }

    #[test]
    fn page_parameters_come_from_numbers_cursors_and_links() {
        let value = |at: PageRef, name: &str| at.parameter::<String, AnyCode>("List", name);
        assert_eq!(value(PageRef::Number(3), "page").unwrap(), "3");
        assert_eq!(
            value(PageRef::Cursor("a b".into()), "cursor").unwrap(),
            "a b"
        );
        let link = PageRef::Link("https://api.example.com/v1/items?page=4&per_page=2".into());
        assert_eq!(link.parameter::<u64, AnyCode>("List", "page").unwrap(), 4);
        let relative = PageRef::Link("/v1/items?cursor=x%2By".into());
        assert_eq!(value(relative, "cursor").unwrap(), "x+y");
        assert!(matches!(
            value(PageRef::Link("/v1/items".into()), "page"),
            Err(Error::Pagination { .. })
        ));
        assert!(matches!(
            PageRef::Cursor("abc".into()).parameter::<u64, AnyCode>("List", "page"),
            Err(Error::Pagination { .. })
        ));
    }

    #[test]
    fn streams_all_pages() {
        let all = run(100, |n| async move {
            Ok(match n {
                1 => page(Some(2), None, vec![1, 2]),
                2 => page(Some(3), None, vec![3, 4]),
                _ => page(None, None, vec![5]),
            })
        });
        assert_eq!(all.unwrap(), vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_repeated_page_is_an_error() {
        let looped = run(100, |_| async move { Ok(page(Some(1), None, vec![1])) });
        assert!(matches!(looped, Err(Error::Pagination { .. })));
    }

    #[test]
    fn the_page_count_ends_a_listing_whose_next_keeps_growing() {
        let all = run(100, |n| async move {
            Ok(page(Some(n + 1), Some(3), vec![n as u32]))
        });
        assert_eq!(all.unwrap(), vec![1, 2, 3]);
    }

    #[test]
    fn the_page_limit_ends_an_endless_listing() {
        let endless = run(
            5,
            |n| async move { Ok(page(Some(n + 1), None, vec![n as u32])) },
        );
        let Err(Error::Pagination { message, .. }) = endless else {
            panic!("{endless:?}");
        };
        assert!(message.contains("more than 5 pages"), "{message}");
    }

    #[test]
    fn an_empty_page_ends_the_listing() {
        let all = run(100, |n| async move {
            Ok(if n == 1 {
                page(Some(2), None, vec![1])
            } else {
                page(Some(3), None, vec![])
            })
        });
        assert_eq!(all.unwrap(), vec![1]);
    }
}
