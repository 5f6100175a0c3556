//! The real binary under SIGTERM and SIGINT: requests already in flight are answered, nothing
//! new is accepted once the signal is handled, and the process exits within its grace period.

use crate::helpers::binary::Binary;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// `tandem serve` with a 5 s grace period, started without waiting on the runtime (the tests
/// here are synchronous: they talk raw HTTP to control when a request is complete).
struct Server {
    child: Child,
    addr: String,
    _binary: Binary,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let binary = Binary::new("shutdown");
    let child = binary
        .command(&["serve"])
        .env("TANDEM_SHUTDOWN_GRACE_SECS", "5")
        .spawn()
        .unwrap();
    let addr = binary.addr.clone();
    let started = Instant::now();
    while TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        child,
        addr,
        _binary: binary,
    }
}

/// A sign-in whose headers and first bytes of body are sent; the rest comes with `finish`.
/// The request asks for `100 Continue`, which the server sends once a handler reads the body:
/// when `begin` returns, the request is being served, not merely queued in the listen backlog
/// (a connection the server never accepted is reset when the listener closes).
struct InFlight {
    stream: TcpStream,
    body: &'static str,
}

const SIGN_IN_BODY: &str = "email=nobody%40example.com&password=not-the-password&next=%2Fincidents";

impl InFlight {
    fn begin(addr: &str) -> Self {
        let body = SIGN_IN_BODY;
        let head = format!(
            "POST /api/auth/sign-in HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Accept: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let interim = read_head(&mut stream);
        assert!(
            interim.starts_with("HTTP/1.1 100"),
            "expected 100 Continue: {interim}"
        );
        stream.write_all(&body.as_bytes()[..10]).unwrap();
        Self { stream, body }
    }

    /// Sends the rest of the body and returns the whole response.
    fn finish(mut self) -> String {
        self.stream.write_all(&self.body.as_bytes()[10..]).unwrap();
        let mut response = String::new();
        self.stream.read_to_string(&mut response).unwrap();
        response
    }
}

/// Reads one response head (up to the blank line) byte by byte, so nothing after it is taken.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert!(head.len() < 4096, "response head too long");
        stream.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// Sends `signal` (`TERM` or `INT`) to the server.
fn signal(server: &Server, signal: &str) -> Instant {
    let sent = Instant::now();
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap()
            .success()
    );
    sent
}

/// Once the signal is handled, new connections are refused while the old ones are served.
fn refuses_new_connections(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(2);
    while TcpStream::connect(&server.addr).is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting new connections after the signal"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for the process to exit, failing if it outlives the 5 s grace period (plus slack).
fn exits_within_grace(server: &mut Server, signalled: Instant) {
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(7),
            "still running after the grace period"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn sigterm_and_sigint_let_the_request_in_flight_finish_then_exit_within_the_grace_period() {
    for name in ["TERM", "INT"] {
        let mut server = start();
        // The request is in flight: headers and part of the body sent.
        let request = InFlight::begin(&server.addr);
        let signalled = signal(&server, name);
        refuses_new_connections(&server);
        let response = request.finish();
        // No user exists in an unseeded database: the sign-in is answered as a field error
        // after its password was checked, which proves it was read and processed after the
        // signal.
        assert!(
            response.starts_with("HTTP/1.1 422"),
            "SIG{name}: {response}"
        );
        exits_within_grace(&mut server, signalled);
    }
}

/// Under load: forty sign-ins, each with a password to hash (one per core at a time), twenty
/// of them still sending their body and twenty queued for hashing when the signal comes. Every
/// one is answered before the process exits.
#[test]
fn sigterm_under_load_answers_every_request_in_flight() {
    let mut server = start();
    let waiting: Vec<InFlight> = (0..20).map(|_| InFlight::begin(&server.addr)).collect();
    let working: Vec<_> = (0..20)
        .map(|_| {
            let request = InFlight::begin(&server.addr);
            std::thread::spawn(move || (request.finish(), Instant::now()))
        })
        .collect();
    // Each of those takes tens of milliseconds of hashing; the signal comes while most wait.
    std::thread::sleep(Duration::from_millis(20));
    let signalled = signal(&server, "TERM");
    refuses_new_connections(&server);
    let waited: Vec<_> = waiting
        .into_iter()
        .map(|request| std::thread::spawn(move || (request.finish(), Instant::now())))
        .collect();
    let mut answered_after_signal = 0;
    for (i, answer) in working.into_iter().chain(waited).enumerate() {
        let (response, at) = answer.join().unwrap();
        assert!(
            response.starts_with("HTTP/1.1 422"),
            "request {i}: {response}"
        );
        if at > signalled {
            answered_after_signal += 1;
        }
    }
    // The twenty that were still sending, and some that were hashing, finished after it.
    assert!(
        answered_after_signal > 20,
        "only {answered_after_signal} answers came after the signal: it found no work in flight"
    );
    exits_within_grace(&mut server, signalled);
}
