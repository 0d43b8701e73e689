// Package whatsnew copies content.db's record of what each install changed
// into user.db, which outlives content.db. It is the step every sync or
// import is followed by, and the app's start: the one place where an
// update reaches the reader's own data (saved pages take the titles an
// update left; a removed item's saved entry is marked). It imports no Fyne,
// so the sync attack tests run the same step as the app.
package whatsnew

import (
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// Record copies content's record of what installs changed into user and
// returns the changes that were new there. Recording the same installs
// again changes nothing, not a byte of user.db, so it is safe to call after
// any sync (a refused one too), at every start, from any goroutine. A
// read-only user.db is left as it is.
func Record(user *userdata.Store, content *store.Store) ([]userdata.Change, error) {
	if user.ReadOnly() {
		return nil, nil
	}
	sets, err := content.ChangeSets()
	if err != nil {
		return nil, err
	}
	var fresh []userdata.Change
	for _, set := range sets {
		changes := make([]userdata.Change, len(set.Changes))
		for i, c := range set.Changes {
			changes[i] = Change(c)
		}
		// Which of them were new: the count says; recording again adds none.
		n, err := user.RecordChanges(set.InstalledAt.Local(), set.Origin, set.Sequence, changes)
		if err != nil {
			return fresh, err
		}
		if n > 0 {
			fresh = append(fresh, changes...)
		}
	}
	return fresh, nil
}

// Change is content.db's record of one item's change as user.db keeps it:
// a hotline is kept by its purpose, an item or service by its kind.
func Change(c store.ItemChange) userdata.Change {
	kind := string(c.Kind)
	if c.Type == store.TypeHotline {
		kind = string(c.Purpose)
	}
	stages := make([]string, len(c.Stages))
	for i, s := range c.Stages {
		stages[i] = string(s)
	}
	what := map[string]string{store.Added: userdata.ChangeAdded, store.Changed: userdata.ChangeChanged,
		store.Removed: userdata.ChangeRemoved}[c.Change]
	return userdata.Change{Type: c.Type, ItemID: c.ID, Country: c.Country, Kind: kind, Stages: stages, What: what,
		Titles: c.Titles, OldNumber: c.OldNumber, NewNumber: c.NewNumber}
}
