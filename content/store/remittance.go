package store

import (
	"encoding/json"
	"fmt"

	"safar.app/safar/content"
)

// corridorMigration stores remittance corridors. A corridor is read whole
// (providers and quotes with their decimal figures), so its record is kept
// as JSON beside the columns it is looked up by. Kept last in migrations;
// renumber on merge if another branch added one too.
const corridorMigration = `
CREATE TABLE corridor (
	id               TEXT PRIMARY KEY,
	country          TEXT NOT NULL, -- the sending country
	receive_country  TEXT NOT NULL,
	record           TEXT NOT NULL  -- content.Corridor as JSON
) WITHOUT ROWID;
CREATE INDEX corridor_by_country ON corridor (country, receive_country);
`

func (w *writer) corridor(c content.Corridor) {
	data, err := json.Marshal(c)
	if err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("corridor %s: %w", c.ID, err)
		}
		return
	}
	w.exec(`INSERT INTO corridor (id, country, receive_country, record) VALUES (?, ?, ?, ?)`,
		c.ID, c.Country, c.ReceiveCountry, string(data))
}

// Corridors lists the remittance corridors from a sending country, ordered
// by receiving country and id. A record that cannot be read is an error
// naming it: prices are not shown half-read.
func (s *Store) Corridors(country string) ([]content.Corridor, error) {
	rows, err := s.db.Query(`SELECT id, record FROM corridor WHERE country = ? ORDER BY receive_country, id`, country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Corridor
	for rows.Next() {
		var id, record string
		if err := rows.Scan(&id, &record); err != nil {
			return nil, err
		}
		var c content.Corridor
		if err := json.Unmarshal([]byte(record), &c); err != nil {
			return nil, fmt.Errorf("content.db: corridor %s: %w", id, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
