/// The organizations' version as the store had it when the current request began, read in the
/// same query that found the caller's session. `WorkflowService.tree()` uses its cached tree
/// without asking the store again when that tree has this version: one read per request checks
/// both who is calling and whether the tree kept in memory is current.
public enum OrganizationsVersion {
    /// The version read for the running request, if one was.
    @TaskLocal public static var known: Int?
}
