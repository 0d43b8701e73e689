package store

// Regions lists a country's regions (cities and municipalities), named and
// sorted for a reader whose language preference is chain: the places a
// reader can say they are in.
func (s *Store) Regions(country string, chain []string) ([]Place, error) {
	return s.places(chain, `SELECT r.code, n.lang, n.name FROM region r
		JOIN name n ON n.ref = r.country || '/' || r.code WHERE r.country = ?`, country)
}

// places runs query, which yields (code, lang, name) rows, and names and
// sorts each place for a reader whose language preference is chain.
func (s *Store) places(chain []string, query string, args ...any) ([]Place, error) {
	rows, err := s.db.Query(query, args...)
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
