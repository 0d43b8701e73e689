package store

import (
	"encoding/json"
	"fmt"

	"safar.app/safar/content"
)

// checklistMigration stores checklists. A checklist is read whole (its
// steps in every language), so its record is kept as JSON beside the
// columns it is looked up by. Kept last in migrations; renumber on merge
// if another branch added one too.
const checklistMigration = `
CREATE TABLE checklist (
	id      TEXT PRIMARY KEY,
	country TEXT NOT NULL,
	region  TEXT NOT NULL,
	stage   TEXT NOT NULL,
	record  TEXT NOT NULL -- content.Checklist as JSON
) WITHOUT ROWID;
CREATE INDEX checklist_by_country ON checklist (country, stage);
`

func (w *writer) checklist(c content.Checklist) {
	data, err := json.Marshal(c)
	if err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("checklist %s: %w", c.ID, err)
		}
		return
	}
	w.exec(`INSERT INTO checklist (id, country, region, stage, record) VALUES (?, ?, ?, ?, ?)`,
		c.ID, c.Country, c.Region, string(c.Stage), string(data))
}

// Checklists lists a country's checklists for one stage of the journey,
// national ones first, then by id. A record that cannot be read is an
// error naming it.
func (s *Store) Checklists(country string, stage content.Stage) ([]content.Checklist, error) {
	return s.checklists(`WHERE country = ? AND stage = ? ORDER BY region <> '_', region, id`, country, string(stage))
}

// Checklist is one checklist by id, or ErrNotFound.
func (s *Store) Checklist(id string) (content.Checklist, error) {
	cs, err := s.checklists(`WHERE id = ?`, id)
	if err != nil {
		return content.Checklist{}, err
	}
	if len(cs) == 0 {
		return content.Checklist{}, ErrNotFound
	}
	return cs[0], nil
}

func (s *Store) checklists(where string, args ...any) ([]content.Checklist, error) {
	rows, err := s.db.Query(`SELECT id, record FROM checklist `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []content.Checklist
	for rows.Next() {
		var id, record string
		if err := rows.Scan(&id, &record); err != nil {
			return nil, err
		}
		var c content.Checklist
		if err := json.Unmarshal([]byte(record), &c); err != nil {
			return nil, fmt.Errorf("content.db: checklist %s: %w", id, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
