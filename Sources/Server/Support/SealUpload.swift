/// How much of a seal upload is read. The seal rule allows 5 MB; a little more is read so that a
/// file just over it is refused by the rule, with the file's real size in the message.
enum SealUpload {
    static let limit = AppRequestContext.uploadLimit
}
