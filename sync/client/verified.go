package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Verification is when a publisher's release was last proved current.
type Verification struct {
	Scope    string    `json:"scope"`
	Sequence int64     `json:"sequence"`
	At       time.Time `json:"at"`
}

// verifiedFile is the record, beside the TUF metadata in the sync folder:
// proving a release current changes no content, so it is not kept in
// content.db.
const verifiedFile = "verified.json"

// Verified reads when each publisher was last verified on this device.
func Verified(dir string) (map[string]Verification, error) {
	path := filepath.Join(dir, verifiedFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]Verification{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]Verification{}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// recordVerified adds v to the record, replacing it atomically. A damaged
// record is replaced by v rather than blocking every later sync.
func recordVerified(dir string, v map[string]Verification) error {
	all, err := Verified(dir)
	if err != nil {
		all = map[string]Verification{}
	}
	for k, x := range v {
		all[k] = x
	}
	data, err := json.Marshal(all)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp := filepath.Join(dir, verifiedFile+".tmp")
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, verifiedFile))
}
