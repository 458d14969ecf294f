package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// carebookTheme is Fyne's theme, light, with the foundation's teal as primary
// colour: calm, and easy to read on an office laptop in daylight.
type carebookTheme struct{}

var (
	teal      = color.NRGBA{R: 0x1f, G: 0x6f, B: 0x8b, A: 0xff}
	tealLight = color.NRGBA{R: 0xd7, G: 0xea, B: 0xf0, A: 0xff}
	// green is for money raised and files that are in place; Fyne's own
	// bright green is hard to read as text on a light background.
	green = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
)

func (carebookTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		if n == theme.ColorNameFocus {
			return color.NRGBA{R: 0x1f, G: 0x6f, B: 0x8b, A: 0x80}
		}
		return teal
	case theme.ColorNameSuccess:
		return green
	case theme.ColorNameForegroundOnSuccess:
		return color.White
	case theme.ColorNameSelection:
		return tealLight
	case theme.ColorNameHeaderBackground:
		return color.NRGBA{R: 0xee, G: 0xf3, B: 0xf5, A: 0xff}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (carebookTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (carebookTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (carebookTheme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
