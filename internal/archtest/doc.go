// Package archtest holds the tests of Safar's layers: which packages may
// import Fyne and the app, and that docs/architecture.md lists every
// package go list knows. It has no code of its own.
package archtest
