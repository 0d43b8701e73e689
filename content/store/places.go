package store

// Regions lists a country's regions (cities and municipalities), named and
// sorted for a reader whose language preference is chain: the places a
// reader can say they are in.
func (s *Store) Regions(country string, chain []string) ([]Place, error) {
	rows, err := s.db.Query(`SELECT r.code, n.lang, n.name FROM region r
		JOIN name n ON n.ref = r.country || '/' || r.code WHERE r.country = ?`, country)
	if err != nil {
		return nil, err
	}
	names, err := scanNames(rows)
	if err != nil {
		return nil, err
	}
	var out []Place
	for code, byLang := range names {
		out = append(out, Place{Code: code, Name: pickName(byLang, chain, code)})
	}
	sortPlaces(out, chain)
	return out, nil
}
