import LetterModel
print(Letter.sample)
