//! Pages of a listing, and lazy streams over all of them.
//!
//! The shape of a page is the API's (a generated `Page<T>` type implements
//! [`Paged`]); walking from page to page is the mechanism here.

use crate::api::ErrorCode;
use crate::Error;
use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};
use std::future::Future;

/// The most pages a stream fetches unless the client says otherwise: a
/// server whose `next` keeps growing must not make a stream endless.
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// One page of a listing, as a generated `Page<T>` reads it.
pub trait Paged {
    /// The items' type.
    type Item;
    /// The number of the next page, `None` on the last page.
    fn next_page(&self) -> Option<u64>;
    /// The number of pages of the listing, if the API says.
    fn page_count(&self) -> Option<u64>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

enum Next<C: ErrorCode> {
    Page(u64),
    Done,
    Fail(Error<C>),
}

struct Cursor<F, C: ErrorCode> {
    next: Next<C>,
    fetched: u64,
    max_pages: u64,
    fetch: F,
}

/// A lazy stream over every item of every page, starting at page `first_page`.
///
/// `fetch(n)` loads page `n`; it is called only when the previous page's items
/// are used up. The stream ends after a page whose next page is `None`, an
/// empty page, or the page the listing's page count names as the last. A
/// server that does not move forward (a next page number not greater than the
/// page just fetched) or that would make the stream fetch more than
/// `max_pages` pages ends it with an [`Error::Pagination`] after that page's
/// items, instead of looping forever. After any error the stream ends.
pub fn paginate<P, C, F, Fut>(
    first_page: u64,
    max_pages: u64,
    fetch: F,
) -> impl Stream<Item = Result<P::Item, Error<C>>>
where
    P: Paged,
    C: ErrorCode,
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<P, Error<C>>>,
{
    let cursor = Cursor {
        next: Next::Page(first_page),
        fetched: 0,
        max_pages,
        fetch,
    };
    stream::try_unfold(cursor, |mut cursor| async move {
        let number = match std::mem::replace(&mut cursor.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::Fail(err) => return Err(err),
            Next::Page(number) => number,
        };
        let page = (cursor.fetch)(number).await?;
        cursor.fetched += 1;
        let last = page.page_count();
        cursor.next = match page.next_page() {
            None => Next::Done,
            Some(_) if last.is_some_and(|pages| number >= pages) => Next::Done,
            Some(next) if next <= number => Next::Fail(Error::Pagination {
                operation: "",
                message: format!(
                    "page {number} says the next page is {next}; stopping to avoid a loop"
                ),
            }),
            Some(_) if cursor.fetched >= cursor.max_pages => Next::Fail(Error::Pagination {
                operation: "",
                message: format!(
                    "the listing has more than {} pages, the client's limit (see `ClientBuilder::max_pages`)",
                    cursor.max_pages
                ),
            }),
            Some(next) => Next::Page(next),
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
        fn next_page(&self) -> Option<u64> {
            self.next
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

    fn run<F, Fut>(max_pages: u64, fetch: F) -> Result<Vec<u32>, Error<AnyCode>>
    where
        F: FnMut(u64) -> Fut,
        Fut: Future<Output = Result<TestPage, Error<AnyCode>>>,
    {
        futures_util::FutureExt::now_or_never(collect_all(paginate(1, max_pages, fetch)))
            .expect("the fetches never wait")
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
