//! Response envelopes, pages, and streams over all pages.

use crate::{Error, Result};
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};
use std::future::Future;

/// The wrapper of every single-item response body: `{"response": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The wrapped value.
    pub response: T,
}

/// One page of a listing:
/// `{"response": [...], "count": N, "pagination": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page (the body's `response` array).
    #[serde(rename = "response")]
    pub items: Vec<T>,
    /// The number of items on this page, as the API reports it.
    pub count: u64,
    /// Where this page sits in the listing.
    pub pagination: Pagination,
}

/// The `pagination` object of a [`Page`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pagination {
    /// The previous page's number; `null` on the first page.
    pub previous: Option<u64>,
    /// The next page's number; `null` on the last page.
    pub next: Option<u64>,
    /// This page's number (1-based).
    pub current: u64,
    /// The page size.
    pub per_page: u64,
    /// The number of items in the whole listing.
    pub count: u64,
    /// The number of pages in the listing.
    pub pages: u64,
}

impl<T> Page<T> {
    /// The number of the next page, or `None` on the last page.
    pub fn next_page(&self) -> Option<u64> {
        self.pagination.next
    }

    /// The number of the previous page, or `None` on the first page.
    pub fn previous_page(&self) -> Option<u64> {
        self.pagination.previous
    }

    /// Whether this is the last page.
    pub fn is_last(&self) -> bool {
        self.pagination.next.is_none()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

enum Next {
    Page(u64),
    Done,
    Fail(Error),
}

struct Cursor<F> {
    next: Next,
    fetch: F,
}

/// A lazy stream over every item of every page, starting at page `first_page`.
///
/// `fetch(n)` loads page `n`; it is called only when the previous page's items are used up.
/// The stream ends after a page whose `pagination.next` is `null`, or after an empty page.
///
/// A server that does not move forward (a `next` page number that is not greater than the page
/// just fetched, which includes repeating a page) ends the stream with an
/// [`Error::Pagination`] after that page's items, instead of looping forever. After any error
/// the stream ends.
pub fn paginate<T, F, Fut>(first_page: u64, fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Page<T>>>,
{
    let cursor = Cursor {
        next: Next::Page(first_page.max(1)),
        fetch,
    };
    stream::try_unfold(cursor, |mut cursor| async move {
        let number = match std::mem::replace(&mut cursor.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Fail(err) => return Err(err),
            Next::Page(number) => number,
        };
        let page = (cursor.fetch)(number).await?;
        cursor.next = match page.pagination.next {
            None => Next::Done,
            Some(_) if page.items.is_empty() => Next::Done,
            Some(next) if next <= number => Next::Fail(Error::Pagination {
                operation: "",
                message: format!(
                    "page {number} says the next page is {next}; stopping to avoid a loop"
                ),
            }),
            Some(next) => Next::Page(next),
        };
        Ok(Some((
            stream::iter(page.items.into_iter().map(Ok::<T, Error>)),
            cursor,
        )))
    })
    .try_flatten()
    .fuse()
}

/// Collects every item of a stream made by [`paginate`], stopping at the first error.
pub async fn collect_all<T, S>(stream: S) -> Result<Vec<T>>
where
    S: Stream<Item = Result<T>>,
{
    stream.try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC_PAGE: &str = r#"{"response":[{"id":10}],"count":1,"pagination":{"previous":null,"next":null,"current":1,"per_page":30,"count":1,"pages":1}}"#;

    #[test]
    fn spec_page_round_trips() {
        let page: Page<serde_json::Value> = serde_json::from_str(SPEC_PAGE).unwrap();
        assert_eq!(page.next_page(), None);
        assert!(page.is_last());
        assert_eq!(serde_json::to_string(&page).unwrap(), SPEC_PAGE);
    }

    fn page(current: u64, next: Option<u64>, items: Vec<u32>) -> Page<u32> {
        Page {
            count: items.len() as u64,
            items,
            pagination: Pagination {
                previous: current.checked_sub(1).filter(|p| *p > 0),
                next,
                current,
                per_page: 2,
                count: 5,
                pages: 3,
            },
        }
    }

    #[test]
    fn streams_all_pages_and_guards_loops() {
        let all = futures_util::FutureExt::now_or_never(collect_all(paginate(1, |n| async move {
            Ok(match n {
                1 => page(1, Some(2), vec![1, 2]),
                2 => page(2, Some(3), vec![3, 4]),
                _ => page(3, None, vec![5]),
            })
        })))
        .unwrap()
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4, 5]);

        let looped =
            futures_util::FutureExt::now_or_never(collect_all(paginate(1, |n| async move {
                Ok(page(n, Some(1), vec![1]))
            })))
            .unwrap();
        assert!(matches!(looped, Err(Error::Pagination { .. })));
    }
}
