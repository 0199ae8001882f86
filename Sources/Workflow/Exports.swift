// The service's API is made of the machine's values (transfers, organizations, members, the
// error type); its users get them with it, as they did when they lived in this module.
@_exported import TransferMachine
