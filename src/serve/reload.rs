//! Live reload: a Server-Sent Events stream that tells open pages to reload (or to
//! reload only their stylesheets), and the error overlay shown while the build is broken.
//!
//! tiny_http buffers streaming responses, so each subscriber's connection is taken over
//! with `Request::into_writer()`, the response head is written by hand, and every event
//! is flushed at once.

use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Mutex};

use tiny_http::Request;

use super::http::write_all_flush;
use crate::diagnostics::Diagnostic;

/// The script injected into every served HTML page.
pub const SCRIPT: &str = r#"(function () {
  var source, everConnected = false, failedAt = 0;
  function reloadStylesheets() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set('_reload', Date.now());
      link.href = url.toString();
    });
  }
  function connect() {
    source = new EventSource('/__deputy_board/events?page=' + encodeURIComponent(location.pathname));
    source.addEventListener('reload', function () { location.reload(); });
    source.addEventListener('css', reloadStylesheets);
    source.onopen = function () {
      // The server restarted while this page was open: show what it serves now.
      if (everConnected && failedAt) { location.reload(); }
      everConnected = true;
      failedAt = 0;
    };
    source.onerror = function () { failedAt = failedAt || Date.now(); };
  }
  connect();
})();
"#;

/// The subscribers of the event stream.
/// Messages a stream may have queued before it counts as stalled and is dropped.
const QUEUE: usize = 16;

/// The subscribers of the event stream: one writer thread per open page, fed through a
/// small queue, so a client that stops reading never holds up the others or a rebuild.
#[derive(Default)]
pub struct Reload {
    clients: Mutex<Vec<Client>>,
}

/// One open page's event stream.
struct Client {
    messages: SyncSender<Arc<str>>,
    /// The output file the page shows, when it is one of the site's.
    page: Option<String>,
}

/// What open pages should do after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Reload the page.
    Reload,
    /// Reload stylesheets only.
    Css,
}

impl Reload {
    /// Takes over a request's connection as an event stream.
    pub fn subscribe(&self, request: Request, page: Option<String>) {
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\n: connected\n\n";
        if !write_all_flush(writer.as_mut(), head.as_bytes()) {
            return;
        }
        let (sender, messages) = mpsc::sync_channel::<Arc<str>>(QUEUE);
        std::thread::spawn(move || {
            // Ends when the page goes away (a write fails) or the stream is dropped.
            for message in messages {
                if !write_all_flush(writer.as_mut(), message.as_bytes()) {
                    break;
                }
            }
        });
        self.lock().push(Client {
            messages: sender,
            page,
        });
    }

    /// The output files of the pages open in a browser.
    pub fn open_pages(&self) -> Vec<String> {
        self.lock()
            .iter()
            .filter_map(|client| client.page.clone())
            .collect()
    }

    /// Sends an event to every open page; closed or stalled streams are dropped.
    pub fn send(&self, event: Event) {
        let name = match event {
            Event::Reload => "reload",
            Event::Css => "css",
        };
        self.broadcast(&format!("event: {name}\ndata: {name}\n\n"));
    }

    /// Writes a comment to every stream, so streams of pages that were reloaded or closed
    /// are noticed and dropped before the next rebuild.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    /// Number of open event streams.
    pub fn subscribers(&self) -> usize {
        self.lock().len()
    }

    fn broadcast(&self, message: &str) {
        let message: Arc<str> = Arc::from(message);
        self.lock()
            .retain(|client| client.messages.try_send(Arc::clone(&message)).is_ok());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Client>> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The overlay listing a failed build's errors, as HTML injected into every page;
/// `behind` says whether a good build from before is shown under it.
pub fn overlay(errors: &[Diagnostic], behind: bool) -> String {
    let mut items = String::new();
    for error in errors {
        // Long paths and messages wrap on a phone instead of running off the screen.
        items.push_str(
            "<li><pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 8px\">",
        );
        items.push_str(&crate::render::templates::escape_html(&error.to_string()));
        items.push_str("</pre></li>");
    }
    format!(
        "<div id=\"deputy-board-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:rgba(20,20,20,.94);color:#fff;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace;padding:24px\">\
         <h2 style=\"margin:0 0 12px;color:#ff8a80;font:bold 20px sans-serif\">deputy-board: the site has {} error(s){}</h2>\
         <ol style=\"padding-left:1.5em\">{items}</ol>\
         <p style=\"color:#bbb\">Fix the file and save: this page reloads by itself.</p></div>",
        errors.len(),
        if behind {
            "; showing the last good build"
        } else {
            "; nothing can be shown until they are fixed"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn overlay_escapes_messages() {
        let d = Diagnostic::error(
            Path::new("content/a.md"),
            3,
            7,
            "bad <script>alert(1)</script>",
        );
        let html = overlay(&[d], true);
        assert!(html.contains("showing the last good build"));
        assert!(!overlay(&[], false).contains("last good build"));
        assert!(html.contains("content/a.md:3:7: bad &lt;script&gt;"));
        assert!(!html.contains("<script>alert"));
    }
}
