//! The real binary under SIGTERM: a request already in flight is answered, the process exits
//! within its grace period, and nothing new is accepted afterwards.

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
             Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body.as_bytes()[..10]).unwrap();
        Self { stream, body }
    }

    /// Sends the rest of the body and returns the whole response.
    fn finish(mut self) -> String {
        self.stream.write_all(&self.body.as_bytes()[10..]).unwrap();
        let mut response = String::new();
        self.stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        self.stream.read_to_string(&mut response).unwrap();
        response
    }
}

fn terminate(server: &Server) -> Instant {
    let terminated = Instant::now();
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    terminated
}

/// Waits for the process to exit, failing if it outlives the 5 s grace period (plus slack).
fn exits_within_grace(server: &mut Server, terminated: Instant) {
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            terminated.elapsed() < Duration::from_secs(7),
            "still running after the grace period"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "still accepting connections"
    );
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_within_the_grace_period() {
    let mut server = start();
    // The request is in flight: headers and part of the body sent.
    let request = InFlight::begin(&server.addr);
    std::thread::sleep(Duration::from_millis(200));
    let terminated = terminate(&server);
    std::thread::sleep(Duration::from_millis(300));
    let response = request.finish();
    // No user exists in an unseeded database: the sign-in is answered as a field error after
    // its password was checked, which proves it was read and processed after the signal.
    assert!(response.starts_with("HTTP/1.1 422"), "{response}");
    exits_within_grace(&mut server, terminated);
}

/// Under load: twenty requests in flight when the signal comes, each with a password to hash
/// (one per core at a time), are all answered before the process exits.
#[test]
fn sigterm_under_load_answers_every_request_in_flight() {
    let mut server = start();
    let requests: Vec<InFlight> = (0..20).map(|_| InFlight::begin(&server.addr)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let terminated = terminate(&server);
    std::thread::sleep(Duration::from_millis(300));
    let answers: Vec<_> = requests
        .into_iter()
        .map(|request| std::thread::spawn(move || request.finish()))
        .collect();
    for answer in answers {
        let response = answer.join().unwrap();
        assert!(response.starts_with("HTTP/1.1 422"), "{response}");
    }
    exits_within_grace(&mut server, terminated);
}
