// Package assets holds what Carebook ships inside its binary: the Noto Sans
// fonts (SIL Open Font License, see fonts/OFL.txt), the icon, the interface
// translations and the default letter templates.
package assets

import "embed"

// Fonts for PDF output: Noto Sans covers Latin, Cyrillic (with every Kazakh
// letter) and the Uzbek Latin apostrophes.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	NotoSansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	NotoSansBold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	NotoSansItalic []byte
	//go:embed fonts/OFL.txt
	FontLicense string
)

// Icon is the application icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/<lang>.json for the interface.
//
//go:embed translations
var Translations embed.FS

// Letters holds the default letter templates: letters/<kind>.<lang>.tmpl.
//
//go:embed letters
var Letters embed.FS
