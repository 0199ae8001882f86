// The parts of the sheet are the letter's own vocabulary (LetterModel); the renderer's API
// speaks of them, so its users get the type with it.
@_exported import enum LetterModel.LetterPart
