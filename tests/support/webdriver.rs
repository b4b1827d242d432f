//! A tiny WebDriver client: starts Debian's chromedriver on a free localhost port and drives
//! headless Chromium over the W3C WebDriver HTTP protocol, with a minimal HTTP/1.1 client on
//! `std::net::TcpStream` and serde_json.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's `chromium-driver` package puts the driver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where Debian's `chromium` package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The W3C name of the property that holds an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Keys for [`Browser::press`], as WebDriver code points.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// →
    ArrowRight,
    /// ←
    ArrowLeft,
    /// Home
    Home,
    /// End
    End,
    /// The space bar.
    Space,
}

impl Key {
    fn code(self) -> &'static str {
        match self {
            Key::ArrowRight => "\u{E014}",
            Key::ArrowLeft => "\u{E012}",
            Key::Home => "\u{E011}",
            Key::End => "\u{E010}",
            Key::Space => "\u{E00D}",
        }
    }
}

/// A headless Chromium session. Dropping it ends the session and stops the driver.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    log: PathBuf,
    _profile: tempfile::TempDir,
}

/// A reference to an element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

fn missing_tools() -> Option<String> {
    let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "this test drives a real browser, but {} is missing; install Chromium and its driver \
             with `apt-get install -y chromium chromium-driver` (CI does this in .ci/run)",
            missing.join(" and ")
        )
    })
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Sends one HTTP/1.1 request to the driver and returns the parsed JSON body.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
    let what = format!("{method} {path}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("{what}: {e}"))?;
    let timeout = Some(Duration::from_secs(120));
    stream
        .set_read_timeout(timeout)
        .and_then(|()| stream.set_write_timeout(timeout))
        .map_err(|e| format!("{what}: {e}"))?;
    let text = body.map(Value::to_string).unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\nConnection: close\r\nContent-Length: {}\r\n",
        text.len()
    );
    if body.is_some() {
        request.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    request.push_str("\r\n");
    request.push_str(&text);
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("{what}: could not send: {e}"))?;
    // chromedriver keeps the connection open, so read the head, then exactly the body.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("{what}: could not read the answer: {e}"))?;
        if n == 0 {
            return Err(format!(
                "{what}: the connection closed before the answer's head ended"
            ));
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut payload = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{what}: bad status line in {head:?}"))?;
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while payload.len() < len {
            let n = stream
                .read(&mut buf)
                .map_err(|e| format!("{what}: could not read the answer: {e}"))?;
            if n == 0 {
                return Err(format!(
                    "{what}: the answer ended after {} of {len} bytes",
                    payload.len()
                ));
            }
            payload.extend_from_slice(&buf[..n]);
        }
        payload.truncate(len);
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            if let Some(body) = dechunk(&payload) {
                payload = body;
                break;
            }
            let n = stream
                .read(&mut buf)
                .map_err(|e| format!("{what}: could not read the answer: {e}"))?;
            if n == 0 {
                return Err(format!("{what}: bad chunked body"));
            }
            payload.extend_from_slice(&buf[..n]);
        }
    } else {
        stream
            .read_to_end(&mut payload)
            .map_err(|e| format!("{what}: could not read the answer: {e}"))?;
    }
    let value: Value = serde_json::from_slice(&payload).map_err(|e| {
        format!(
            "{what}: HTTP {status}, body is not JSON ({e}): {}",
            String::from_utf8_lossy(&payload)
        )
    })?;
    Ok((status, value))
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    Some(out)
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

/// The install command for what [`Browser::start`] needs.
pub const INSTALL: &str = "apt-get install -y chromium chromium-driver";

/// Whether Chromium and chromedriver are installed; prints a skip line (or fails under
/// `CI=true`) when they are not. See [`super::external::require`].
pub fn browser_available(test: &str) -> bool {
    super::external::require(test, &[CHROMEDRIVER, CHROMIUM], INSTALL)
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium session, or says clearly why not.
    pub fn start() -> Result<Browser, String> {
        if let Some(message) = missing_tools() {
            return Err(message);
        }
        let profile = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
        let log = profile.path().join("chromedriver.log");
        let port = free_port()?;
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{CHROMEDRIVER} could not be started: {e}"))?;
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            log,
            _profile: profile,
        };
        browser.wait_until_ready()?;
        let user_data = browser._profile.path().join("profile");
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1400,1000",
                            format!("--user-data-dir={}", user_data.display()),
                        ]
                    }
                }
            }
        });
        let value = browser
            .call("POST", "/session", Some(&capabilities))
            .map_err(|e| format!("{e}\n{}", browser.driver_log()))?;
        browser.session = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("the new session has no id: {value}"))?
            .to_string();
        Ok(browser)
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(format!(
                    "{CHROMEDRIVER} exited at start ({status})\n{}",
                    self.driver_log()
                ));
            }
            if let Ok((200, v)) = http(self.port, "GET", "/status", None) {
                if v["value"]["ready"] == Value::Bool(true) {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "{CHROMEDRIVER} did not become ready in 30 s\n{}",
            self.driver_log()
        ))
    }

    /// The end of the driver's log, for error messages.
    fn driver_log(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("chromedriver log (last lines):\n{}", tail.join("\n"))
    }

    /// One WebDriver command; returns its `value`, or the driver's error as text.
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let (status, v) = http(self.port, method, path, body)?;
        if status == 200 {
            Ok(v["value"].clone())
        } else {
            Err(format!(
                "{method} {path}: HTTP {status}: {}: {}",
                v["value"]["error"].as_str().unwrap_or("?"),
                v["value"]["message"].as_str().unwrap_or("?")
            ))
        }
    }

    fn session_call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Opens a URL (such as `file:///tmp/x/index.html`) and waits for the page to load.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.session_call("POST", "/url", Some(&json!({ "url": url })))
            .map(|_| ())
    }

    /// The `file://` URL of a local file.
    pub fn file_url(path: &Path) -> Result<String, String> {
        let abs = path
            .canonicalize()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(format!("file://{}", abs.display()))
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) in the page and returns
    /// what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element, String> {
        let v = self.session_call(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        v[ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_string()))
            .ok_or_else(|| format!("no element id for {css:?} in {v}"))
    }

    /// Clicks an element as a user would.
    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.session_call(
            "POST",
            &format!("/element/{}/click", element.0),
            Some(&json!({})),
        )
        .map(|_| ())
    }

    /// Presses and releases a key through the Actions API (the page gets real keydown and
    /// keyup events at the focused element).
    pub fn press(&self, key: Key) -> Result<(), String> {
        let actions = json!({
            "actions": [{
                "type": "key",
                "id": "keyboard",
                "actions": [
                    { "type": "keyDown", "value": key.code() },
                    { "type": "keyUp", "value": key.code() }
                ]
            }]
        });
        self.session_call("POST", "/actions", Some(&actions))?;
        self.session_call("DELETE", "/actions", None).map(|_| ())
    }

    /// Types keys into an element (WebDriver "Element Send Keys").
    pub fn send_keys(&self, element: &Element, key: Key) -> Result<(), String> {
        self.session_call(
            "POST",
            &format!("/element/{}/value", element.0),
            Some(&json!({ "text": key.code() })),
        )
        .map(|_| ())
    }

    /// A PNG screenshot of the window, to look at a page while working on it.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let v = self.session_call("GET", "/screenshot", None)?;
        let text = v.as_str().ok_or("the screenshot is not text")?;
        base64_decode(text).ok_or_else(|| "the screenshot is not valid base64".to_string())
    }

    /// Sets the window's outer size in CSS pixels.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(), String> {
        self.session_call(
            "POST",
            "/window/rect",
            Some(&json!({ "width": width, "height": height })),
        )
        .map(|_| ())
    }

    /// Polls `condition` (a script returning true or false) until it is true or `timeout`
    /// passes; returns how long it took.
    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Result<Duration, String> {
        let started = Instant::now();
        loop {
            if self.execute(condition, Vec::new())? == Value::Bool(true) {
                return Ok(started.elapsed());
            }
            if started.elapsed() > timeout {
                return Err(format!("waited {timeout:?} for: {condition}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        }
        // Only the driver this helper started is stopped, by its own handle.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
