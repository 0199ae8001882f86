extension OrganizationTree {
    /// Who acted, as people read it: an organization by its name, a member or the system as
    /// the log says.
    public func name(of actor: Actor) -> String {
        switch actor {
        case .organization(let id): organizations[id]?.name ?? id.rawValue
        default: actor.description
        }
    }

    /// A log entry's destination by name: an organization's id becomes its name; a name typed
    /// for an organization outside the province stays as typed.
    public func name(ofDestination text: String) -> String {
        organizations[OrganizationID(text)]?.name ?? text
    }
}
