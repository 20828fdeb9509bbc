//! `fetch-spec [URL] --out PATH [--config FILE] [--max-bytes N] [--timeout SECS]`:
//! downloads a published blueprint.
//!
//! The URL is the argument, else the configuration's `[crate] spec_url`
//! (`cargo xtask`: the Cloud 66 configuration); the file goes to `--out`
//! (`cargo xtask`: the workspace's `apiary.apib`). The download is bounded
//! in size (`--max-bytes`, default 16 MiB) and time (`--timeout`, default
//! 60 s, the whole exchange), follows at most 5 redirects and never one
//! from https to http, and is written beside its destination and renamed into place
//! only once complete and readable as a blueprint: an interrupted or
//! refused download never leaves a half-written spec.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use crate::input::read_config;
use crate::output::Output;
use crate::{Exit, Failure, Project};

/// What a download is allowed.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    /// The longest the whole exchange may take.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            timeout: Duration::from_secs(60),
        }
    }
}

/// `fetch-spec [URL] --out PATH [--config FILE] [--max-bytes N] [--timeout SECS]`.
#[derive(Debug, Clone, Args)]
pub struct FetchSpecArgs {
    /// The spec's URL (default: `spec_url` under `[crate]` of the configuration).
    #[arg(value_name = "URL")]
    pub url: Option<String>,
    /// Where to write the spec.
    #[arg(long, value_name = "PATH", required = true)]
    pub out: Option<PathBuf>,
    /// The configuration whose `[crate] spec_url` gives the URL.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The largest spec accepted, in bytes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_bytes)]
    pub max_bytes: u64,
    /// The longest the whole download may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().timeout.as_secs())]
    pub timeout: u64,
}

/// Runs `fetch-spec`.
pub(crate) fn run(
    args: &FetchSpecArgs,
    project: Option<&Project>,
    output: &mut Output,
) -> Result<Exit, Failure> {
    let out = args
        .out
        .clone()
        .or_else(|| project.map(|p| p.spec.clone()))
        .ok_or_else(|| Failure("error: give --out, the file to write".to_owned()))?;
    let url = match &args.url {
        Some(url) => url.clone(),
        None => {
            let path = args
                .config
                .clone()
                .or_else(|| project.map(|p| p.config.clone()))
                .ok_or_else(|| {
                    Failure("error: no URL to fetch: give one, or --config FILE with `spec_url` under `[crate]`".to_owned())
                })?;
            let (config, _) = read_config(&path)?;
            config.krate.spec_url.ok_or_else(|| {
                format!(
                    "error: no URL to fetch: give one, or set `spec_url` under `[crate]` in {}",
                    path.display()
                )
            })?
        }
    };
    let limits = Limits {
        max_bytes: args.max_bytes,
        timeout: Duration::from_secs(args.timeout),
    };
    let started = std::time::Instant::now();
    let summary = fetch(&url, &out, limits)?;
    output.detail(&format!(
        "downloaded in {} ms",
        started.elapsed().as_millis()
    ));
    output.result(&format!("{summary}\n"));
    Ok(Exit::Ok)
}

/// Downloads `url` into `out` within `limits`; returns a one-line summary.
/// Nothing is written unless the whole body arrived and parses as a
/// blueprint without errors.
pub fn fetch(url: &str, out: &Path, limits: Limits) -> Result<String, String> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("error: `{url}` is not an http(s) URL"));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the download: {e}"))?;
    let body = runtime.block_on(download(url, limits))?;
    let blueprint = blueprint_parser::parse(&body);
    let refused: Vec<&blueprint_parser::Diagnostic> = blueprint
        .diagnostics
        .iter()
        .filter(|d| d.severity == blueprint_parser::Severity::Error || d.code == "not-a-blueprint")
        .collect();
    if !refused.is_empty() {
        let source = String::from_utf8_lossy(&body);
        let lines = blueprint_parser::SourceLines::new(&source);
        let rendered: String = refused
            .iter()
            .map(|d| d.render_in(url, &lines) + "\n")
            .collect();
        return Err(format!(
            "{rendered}error: {url} is not a readable blueprint; {} was left as it was",
            out.display()
        ));
    }
    let unchanged = std::fs::read(out).is_ok_and(|current| current == body);
    if !unchanged {
        write_whole(out, &body)?;
    }
    Ok(format!(
        "fetched {url} ({} bytes, sha256 {}) into {}: {}",
        body.len(),
        &blueprint_codegen::pipeline::sha256_hex(&body)[..12],
        out.display(),
        if unchanged { "unchanged" } else { "updated" }
    ))
}

async fn download(url: &str, limits: Limits) -> Result<Vec<u8>, String> {
    let client = http_client(limits.timeout)?;
    let exchange = async {
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|e| format!("error: cannot fetch {url}: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("error: {url} answered {status}"));
        }
        if response
            .content_length()
            .is_some_and(|n| n > limits.max_bytes)
        {
            return Err(too_large(url, limits));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("error: the download of {url} broke off: {e}"))?
        {
            if (body.len() + chunk.len()) as u64 > limits.max_bytes {
                return Err(too_large(url, limits));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout(limits.timeout, exchange)
        .await
        .map_err(|_| {
            format!(
                "error: {url} did not answer within {} s",
                limits.timeout.as_secs()
            )
        })?
}

fn too_large(url: &str, limits: Limits) -> String {
    format!(
        "error: {url} sends more than {} bytes (raise --max-bytes if the spec is that large)",
        limits.max_bytes
    )
}

/// reqwest's own TLS (rustls with the platform's verifier); at most 5
/// redirects, none from https to http.
fn http_client(timeout: Duration) -> Result<reqwest::Client, String> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        let downgrade = attempt.url().scheme() != "https"
            && attempt
                .previous()
                .last()
                .is_some_and(|p| p.scheme() == "https");
        if downgrade || attempt.previous().len() >= 5 {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .user_agent(concat!("apib-rs/", env!("CARGO_PKG_VERSION")))
        .redirect(redirects)
        .build()
        .map_err(|e| format!("error: cannot build the HTTP client: {e}"))
}

/// Writes `bytes` beside `out` and renames the file into place, so `out`
/// is either as it was or whole.
fn write_whole(out: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write as _;
    let name = out
        .file_name()
        .ok_or_else(|| format!("error: {} names no file", out.display()))?
        .to_string_lossy();
    let staged = out.with_file_name(format!(".{name}.fetch-{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&staged)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&staged, out)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&staged);
        format!("error: cannot write {}: {e}", out.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read as _, Write as _};
    use std::net::TcpListener;

    const SPEC: &str =
        "FORMAT: 1A\n\n# A\n\n## Things [/things]\n\n### List things [GET]\n\n+ Response 204\n";

    /// A server on loopback answering each of `answers` once (raw HTTP),
    /// holding the connection open `hold` after writing.
    fn serve(answers: Vec<Vec<u8>>, hold: Duration) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback");
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for answer in answers {
                let Ok((mut stream, _)) = listener.accept() else {
                    return;
                };
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let _ = stream.write_all(&answer);
                let _ = stream.flush();
                std::thread::sleep(hold);
            }
        });
        format!("http://{address}/api.apib")
    }

    fn ok(body: &[u8], declared: Option<usize>) -> Vec<u8> {
        let length = declared.unwrap_or(body.len());
        let mut out =
            format!("HTTP/1.1 200 OK\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n")
                .into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fetch-spec-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("apiary.apib");
        std::fs::write(&out, "the old spec").unwrap();
        out
    }

    fn leftovers(out: &Path) -> Vec<String> {
        std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "apiary.apib")
            .collect()
    }

    #[test]
    fn a_whole_blueprint_replaces_the_spec() {
        let out = temp("ok");
        let url = serve(
            vec![ok(SPEC.as_bytes(), None), ok(SPEC.as_bytes(), None)],
            Duration::ZERO,
        );
        let summary = fetch(&url, &out, Limits::default()).expect("fetched");
        assert!(summary.contains("updated"), "{summary}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), SPEC);
        let again = fetch(&url, &out, Limits::default()).expect("fetched");
        assert!(again.contains("unchanged"), "{again}");
        assert!(leftovers(&out).is_empty());
    }

    #[test]
    fn a_body_over_the_limit_writes_nothing() {
        let out = temp("large");
        let limits = Limits {
            max_bytes: 16,
            ..Limits::default()
        };
        // Once declared too large, once streamed without a length.
        let mut unsized_answer = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_vec();
        unsized_answer.extend_from_slice(SPEC.as_bytes());
        let url = serve(
            vec![ok(SPEC.as_bytes(), None), unsized_answer],
            Duration::ZERO,
        );
        for _ in 0..2 {
            let error = fetch(&url, &out, limits).expect_err("too large");
            assert!(error.contains("more than 16 bytes"), "{error}");
            assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old spec");
        }
        assert!(leftovers(&out).is_empty());
    }

    #[test]
    fn a_broken_off_or_slow_download_writes_nothing() {
        let out = temp("broken");
        // Promises more than it sends, then closes.
        let url = serve(
            vec![ok(SPEC.as_bytes(), Some(SPEC.len() + 100))],
            Duration::ZERO,
        );
        let error = fetch(&url, &out, Limits::default()).expect_err("broken off");
        assert!(
            error.contains("broke off") || error.contains("cannot fetch"),
            "{error}"
        );
        // Sends half and holds the connection past the timeout.
        let url = serve(
            vec![ok(&SPEC.as_bytes()[..10], Some(SPEC.len()))],
            Duration::from_secs(3),
        );
        let limits = Limits {
            timeout: Duration::from_secs(1),
            ..Limits::default()
        };
        let error = fetch(&url, &out, limits).expect_err("too slow");
        assert!(error.contains("within 1 s"), "{error}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old spec");
        assert!(leftovers(&out).is_empty());
    }

    #[test]
    fn an_error_page_or_a_non_blueprint_writes_nothing() {
        let out = temp("refused");
        let not_found =
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found"
                .to_vec();
        let html = ok(b"<html><body>Sign in</body></html>", None);
        let url = serve(vec![not_found, html], Duration::ZERO);
        let error = fetch(&url, &out, Limits::default()).expect_err("404");
        assert!(error.contains("404"), "{error}");
        let error = fetch(&url, &out, Limits::default()).expect_err("not a blueprint");
        assert!(
            error.contains("not a readable blueprint") && error.contains("not-a-blueprint"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "the old spec");
        assert!(fetch("ftp://example.com/a", &out, Limits::default()).is_err());
    }
}
