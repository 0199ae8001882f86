import Workflow

/// The periodic backups in Prometheus' text format, beside the request counters: an alert on
/// `time() - letters_backup_last_success_timestamp_seconds` catches backups that stopped.
enum BackupMetrics {
    static func exposition(_ status: BackupSchedule.Status) -> String {
        """
        # TYPE letters_backups_total counter
        letters_backups_total{outcome="ok"} \(status.succeeded)
        letters_backups_total{outcome="failed"} \(status.failed)
        # TYPE letters_backup_last_success_timestamp_seconds gauge
        letters_backup_last_success_timestamp_seconds \(Int(status.lastSuccess?.timeIntervalSince1970 ?? 0))

        """
    }
}
