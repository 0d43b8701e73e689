package bundled

import "testing"

// The depth the content issue asks of the shipped pack: at least 20
// articles for each destination (entry, asylum, family, risks,
// trafficking, return, legal aid, work, housing, health, school, language,
// qualifications, banking, phones, transport, discrimination) and at least
// five services in each city (welcome office, language courses, legal
// advice, health care without insurance, a women's or family service).
const (
	articlesPerDestination = 20
	servicesPerCity        = 5
)

// shortOfDepth records, for the places not yet at the target, how many
// articles or services the pack has today. The test fails when a place
// falls below that number (content was lost) and when it reaches the
// target (then its row goes, so the target holds from there on). A place
// not listed must meet the target.
var shortOfDepth = map[string]int{
	// destination → articles today
	// city → services today
}

// TestPackDepth counts the articles of every destination and the services
// of every city in the shipped pack, one row a place.
func TestPackDepth(t *testing.T) {
	pack, _ := Pack()
	articles := map[string]int{}
	for _, it := range pack.Items {
		articles[it.Country]++
	}
	services := map[string]int{}
	for _, s := range pack.Services {
		services[s.Country+"/"+s.Region]++
	}
	type row struct {
		place, what string
		have, want  int
	}
	var rows []row
	for _, cc := range destinations {
		rows = append(rows, row{cc, "articles", articles[cc], articlesPerDestination})
	}
	for _, city := range cities {
		rows = append(rows, row{city, "services", services[city], servicesPerCity})
	}
	for _, r := range rows {
		t.Run(r.place, func(t *testing.T) {
			today, short := shortOfDepth[r.place]
			switch {
			case !short && r.have < r.want:
				t.Errorf("%s has %d %s, want at least %d", r.place, r.have, r.what, r.want)
			case short && r.have >= r.want:
				t.Errorf("%s now has %d %s, the target: remove its row from shortOfDepth", r.place, r.have, r.what)
			case short && r.have < today:
				t.Errorf("%s has %d %s, fewer than the %d it had", r.place, r.have, r.what, today)
			case short && r.have > today:
				t.Errorf("%s has %d %s: raise its row in shortOfDepth from %d", r.place, r.have, r.what, today)
			}
		})
	}
}

// TestShortOfDepthNamesOnlyKnownPlaces keeps the table honest: every row
// is a destination or a city the pack promises.
func TestShortOfDepthNamesOnlyKnownPlaces(t *testing.T) {
	known := map[string]bool{}
	for _, cc := range destinations {
		known[cc] = true
	}
	for _, c := range cities {
		known[c] = true
	}
	for place := range shortOfDepth {
		if !known[place] {
			t.Errorf("shortOfDepth names %q, which is neither a destination nor a city", place)
		}
	}
}
