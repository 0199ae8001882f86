/// A statement prepared on a connection that the server no longer runs as prepared (26000: it
/// has no such statement; 0A000: its plan no longer fits a schema another server changed):
/// the transaction it aborted runs again once, its statements prepared anew.
struct StalePreparedStatement: Error {
    /// The server's code.
    let state: String
    /// The driver's error.
    let cause: any Error
}
