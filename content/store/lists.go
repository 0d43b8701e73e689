package store

import (
	"container/list"
	"encoding/json"
	"fmt"
)

// Bounds of the memory search keeps between queries (see searchCache):
// decoded lists take about 9 bytes a posting, so listCacheBytes holds some
// 450,000 postings, the lists of a few dozen common words of the
// 20,000-text benchmark corpus; shownCacheBytes holds the display text of
// a few thousand results. A reader typing a query letter by letter reads
// the same lists and shows the same results again at every letter.
// prefixCacheBytes holds the completions of a few thousand prefixes.
const (
	listCacheBytes   = 4 << 20
	shownCacheBytes  = 1 << 20
	prefixCacheBytes = 256 << 10
)

// lru keeps the values used last, least recently used out first, up to
// max bytes (as cost counts them).
type lru[V any] struct {
	max   int
	order *list.List // of *lruEntry[V], most recent first
	byKey map[string]*list.Element
	size  int
}

type lruEntry[V any] struct {
	key  string
	val  V
	cost int
}

func (c *lru[V]) get(key string) (V, bool) {
	e, ok := c.byKey[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry[V]).val, true
}

// put keeps v; one value larger than a quarter of the cache is not kept:
// it would push out all others.
func (c *lru[V]) put(key string, v V, cost int) {
	if c.byKey == nil {
		c.order, c.byKey = list.New(), map[string]*list.Element{}
	}
	cost += len(key) + 64
	if _, ok := c.byKey[key]; ok || cost > c.max/4 {
		return
	}
	c.byKey[key] = c.order.PushFront(&lruEntry[V]{key, v, cost})
	c.size += cost
	for c.size > c.max {
		e := c.order.Back()
		old := e.Value.(*lruEntry[V])
		c.order.Remove(e)
		delete(c.byKey, old.key)
		c.size -= old.cost
	}
}

// lists reads the lists of keys: from the cache, and the rest in one
// statement.
func (s *Store) lists(keys []string) (map[string]postingList, error) {
	out := make(map[string]postingList, len(keys))
	var missing []string
	s.cache.mu.Lock()
	gen := s.cache.gen
	for _, k := range keys {
		if l, ok := s.cache.lists.get(k); ok {
			out[k] = l
		} else {
			missing = append(missing, k)
		}
	}
	s.cache.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	st, err := s.stmt(`SELECT term, df, list FROM search_term WHERE term IN (SELECT value FROM json_each(?1))`)
	if err != nil {
		return nil, err
	}
	arg, err := json.Marshal(missing)
	if err != nil {
		return nil, err
	}
	rows, err := st.Query(string(arg))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var term string
		var df int
		var data []byte
		if err := rows.Scan(&term, &df, &data); err != nil {
			return nil, err
		}
		l, ok := decodeList(data, df)
		if !ok {
			return nil, fmt.Errorf("%w: the search list of %q cannot be read", ErrDamaged, term)
		}
		out[term] = l
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if gen == s.cache.gen {
		for _, k := range missing {
			s.cache.lists.put(k, out[k], out[k].bytes())
		}
	}
	s.cache.mu.Unlock()
	return out, nil
}
