package locales

// FormatAmount writes an amount of money as a reader of tag writes numbers
// (CLDR's grouping and decimal signs, with digits decimals) followed by its
// ISO 4217 code: "1,234.50 EUR", "1 234,50 EUR", "١٬٢٣٤٫٥٠ EUR". The code,
// not a symbol, names the currency: "$" and "£" mean different money in
// different countries. The text engine keeps the number in one
// left-to-right piece in right-to-left lines.
func FormatAmount(tag string, amount float64, digits uint64, code string) string {
	return calendar(tag).FmtNumber(amount, digits) + " " + code
}

// FormatPercent writes a percentage with two decimals: "2.50%", "٢٫٥٠٪".
func FormatPercent(tag string, percent float64) string {
	return calendar(tag).FmtPercent(percent, 2)
}
