package locales

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Amounts and percentages are written with golang.org/x/text's CLDR number
// data, not the calendar library the dates use: that library mixed Latin
// digits with Arabic-script separators ("17٬820,00"), wrote Persian without
// grouping, and panicked on a Pashto percentage.

// Digits are Latin in every language: the rest of Safar (dates, times,
// phone and hotline numbers, which must stay dialable) writes Latin digits,
// and so do the receipts and transfer screens a reader compares these
// figures with in the destination. Only the signs follow the language's
// CLDR data for Latin digits. The reader may type either kind of digit
// (remit.Parse reads both).
var numberTags = map[string]language.Tag{
	"ar":    language.MustParse("ar-u-nu-latn"),
	"fa":    language.MustParse("fa-u-nu-latn"),
	"fa-AF": language.MustParse("fa-AF-u-nu-latn"),
	"ps":    language.MustParse("ps-u-nu-latn"),
}

func numberPrinter(tag string) *message.Printer {
	if t, ok := numberTags[tag]; ok {
		return message.NewPrinter(t)
	}
	t, err := language.Parse(tag)
	if err != nil {
		t = language.English
	}
	return message.NewPrinter(t)
}

// FormatAmount writes an amount of money as a reader of tag writes numbers
// (CLDR's digits, grouping and decimal signs, with digits decimals)
// followed by its ISO 4217 code: "1,234.50 EUR", "1 234,50 EUR",
// "1,234.50 EUR" in Arabic too. The code, not a symbol, names the currency: "$" and "£"
// mean different money in different countries. The text engine keeps the
// number in one piece in right-to-left lines.
func FormatAmount(tag string, amount float64, digits uint64, code string) string {
	return numberPrinter(tag).Sprint(number.Decimal(amount, number.Scale(int(digits)))) + " " + code
}

// FormatPercent writes a percentage (2.5 for 2.5%) with two decimals:
// "2.50%", "2,50 %".
func FormatPercent(tag string, percent float64) string {
	return stripMarks.Replace(numberPrinter(tag).Sprint(number.Percent(percent/100, number.Scale(2))))
}

// stripMarks drops the bidi marks CLDR puts around the Arabic percent sign.
// The text engine isolates every number shape itself ("2.50%" is one
// left-to-right unit); a left-to-right mark outside that unit would join
// the words around it into one left-to-right run, and "8.30 EUR (2.77%"
// would read backwards in an Arabic line.
var stripMarks = strings.NewReplacer("\u200e", "", "\u200f", "", "\u061c", "")
