/// Why a request body could not be read as a form: the one error type of the body readers.
public struct BodyRefusal: Error, Sendable {
    /// What is wrong, in words for the person who sent it.
    public let message: String

    /// A refusal saying `message`.
    public init(message: String) { self.message = message }
}
