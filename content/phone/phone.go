// Package phone validates and formats phone numbers with libphonenumber's
// rules (github.com/nyaruka/phonenumbers). Numbers are stored in E.164;
// emergency and help-line short codes (112, 116 016) are stored as dialled.
package phone

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

var shortCode = regexp.MustCompile(`^[0-9]{2,6}$`)

// missingShortNumbers are national help lines that libphonenumber's
// short-number data (v1.8.1) does not list. Each is added only with its
// official source; remove an entry once the library knows the number.
var missingShortNumbers = map[string]bool{
	"DE 116016": true, // Hilfetelefon Gewalt gegen Frauen: https://www.hilfetelefon.de
	"GR 15900":  true, // SOS line for women, General Secretariat for Equality: https://www.isotita.gr
}

// Normalize turns a number as an editor writes it ("030 1234567",
// "+49 30 1234567", "116 016", "15") into its stored form for country cc
// (ISO 3166-1 alpha-2), or says why it is not a valid number there. Short
// codes must be known to libphonenumber's short-number data for that
// country: a typo in an emergency number is the mistake that hurts most.
func Normalize(raw, cc string) (string, error) {
	region := strings.ToUpper(cc)
	compact := strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "/", "").Replace(raw)
	if shortCode.MatchString(compact) {
		n, err := phonenumbers.Parse(compact, region)
		if missingShortNumbers[region+" "+compact] {
			return compact, nil
		}
		if err != nil || !phonenumbers.IsValidShortNumberForRegion(n, region) {
			return "", fmt.Errorf("%q is neither a valid phone number nor a known short number in %s", raw, region)
		}
		return compact, nil
	}
	n, err := phonenumbers.Parse(raw, region)
	if err != nil {
		return "", fmt.Errorf("%q is not a phone number: %v", raw, err)
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", fmt.Errorf("%q is not a valid number in %s", raw, strings.ToUpper(cc))
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// Display formats a stored number for reading aloud and dialling by hand:
// E.164 in international format, short codes grouped in threes.
func Display(stored string) string {
	if strings.HasPrefix(stored, "+") {
		if n, err := phonenumbers.Parse(stored, ""); err == nil {
			return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
		}
		return stored
	}
	if len(stored) == 6 {
		return stored[:3] + " " + stored[3:]
	}
	return stored
}

// Dial is the tel: address of a stored number.
func Dial(stored string) string { return "tel:" + stored }
