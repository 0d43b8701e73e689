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

// A short code is accepted for a country by one of three rules, tried in
// order, so that a typo in an emergency number (the mistake that hurts
// most) is still caught:
//
//  1. libphonenumber's short-number data for the country knows it
//     (phonenumbers.IsValidShortNumberForRegion);
//  2. it is one of the harmonised European 116 numbers and the country is in
//     the EU or EEA (Commission Decision 2007/116/EC and its amendments
//     reserve them in every member state's numbering plan);
//  3. it is a national short number listed in nationalShortNumbers with
//     the page of the authority or operator that publishes it.
//
// Short codes are stored as dialled: they are dialled as they are, from a
// phone in that country, and cannot be reached from abroad.

// harmonised116 are the 116 numbers the Commission has reserved
// (2007/116/EC, 2007/698/EC, 2009/884/EC, (EU) 2023/468), listed by the
// Czech regulator: https://www.ctu.eu/116-numbers-harmonised-services-social-value
var harmonised116 = map[string]bool{
	"116000": true, // hotline for missing children
	"116006": true, // helpline for victims of crime
	"116016": true, // helpline for victims of violence against women
	"116111": true, // child helplines
	"116117": true, // non-emergency medical on-call service
	"116123": true, // emotional support helplines
}

// euEEA are the regions (ISO 3166-1, upper case) the 116 reservation
// applies in: the EU member states and the EEA countries.
var euEEA = map[string]bool{
	"AT": true, "BE": true, "BG": true, "CY": true, "CZ": true, "DE": true, "DK": true,
	"EE": true, "ES": true, "FI": true, "FR": true, "GR": true, "HR": true, "HU": true,
	"IE": true, "IT": true, "LT": true, "LU": true, "LV": true, "MT": true, "NL": true,
	"PL": true, "PT": true, "RO": true, "SE": true, "SI": true, "SK": true,
	"IS": true, "LI": true, "NO": true,
}

// nationalShortNumbers are national help lines that libphonenumber's
// short-number data (v1.8.1, the newest) does not list. Each is added only
// with the page of the authority or operator that publishes it; remove an
// entry once the library knows the number.
var nationalShortNumbers = map[string]string{
	"GR 15900": "https://www.isotita.gr",                                         // SOS line for women, General Secretariat for Equality
	"GR 1109":  "https://migration.gov.gr/en/protection-from-human-trafficking/", // national line against human trafficking
	"UA 527":   "https://stoptrafficking.org/en/content/about-us",                // counter-trafficking and migrant advice line, IOM Ukraine
	// the DMW's 24/7 hotline for overseas Filipino workers, as the DMW post quoted on that page gives it
	"PH 1348": "https://www.sunstar.com.ph/manila/dmw-assures-readiness-to-aid-detained-ofws",
}

// IsShortCode reports whether stored, a number as Normalize returns it, is
// a short code: dialled only from within its country.
func IsShortCode(stored string) bool { return shortCode.MatchString(stored) }

// validShort applies the three rules above to a compact short code.
func validShort(compact, region string) bool {
	if n, err := phonenumbers.Parse(compact, region); err == nil && phonenumbers.IsValidShortNumberForRegion(n, region) {
		return true
	}
	if harmonised116[compact] && euEEA[region] {
		return true
	}
	_, ok := nationalShortNumbers[region+" "+compact]
	return ok
}

// Normalize turns a number as an editor writes it ("030 1234567",
// "+49 30 1234567", "116 016", "15") into its stored form for country cc
// (ISO 3166-1 alpha-2), or says why it is not a valid number there. Short
// codes must pass one of the rules above.
func Normalize(raw, cc string) (string, error) {
	region := strings.ToUpper(cc)
	compact := strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", "/", "").Replace(raw)
	if shortCode.MatchString(compact) {
		if !validShort(compact, region) {
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
