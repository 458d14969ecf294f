package ui

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	syncLoads = true
	os.Exit(m.Run())
}
