package money

// The names of the currencies Carebook accepts, for amounts in words: in
// Russian by number (1 рубль, 2 рубля, 5 рублей) with the unit's gender (одна
// лира, две лиры), in English singular and plural, in Kazakh and Uzbek the
// one form that follows any number. The minor unit likewise (none for yen
// and won). Kept beside the table of currencies (money.go): a currency
// added there needs its names here (TestEveryCurrencyHasItsNames).

type currencyNames struct {
	en       [4]string // unit, units, minor, minors
	ru       [6]string // unit one, few, many; minor one, few, many
	feminine bool      // Russian gender of the unit
	kk, uz   [2]string // unit, minor
}

var currencyNamesOf = map[string]currencyNames{
	"KZT": {en: [4]string{"tenge", "tenge", "tiyn", "tiyn"}, ru: [6]string{"тенге", "тенге", "тенге", "тиын", "тиын", "тиын"}, feminine: false, kk: [2]string{"теңге", "тиын"}, uz: [2]string{"tenge", "tiyin"}},
	"UZS": {en: [4]string{"sum", "sum", "tiyin", "tiyin"}, ru: [6]string{"сум", "сума", "сумов", "тийин", "тийина", "тийинов"}, feminine: false, kk: [2]string{"сом", "тиын"}, uz: [2]string{"soʻm", "tiyin"}},
	"RUB": {en: [4]string{"rouble", "roubles", "kopeck", "kopecks"}, ru: [6]string{"рубль", "рубля", "рублей", "копейка", "копейки", "копеек"}, feminine: false, kk: [2]string{"рубль", "тиын"}, uz: [2]string{"rubl", "tiyin"}},
	"EUR": {en: [4]string{"euro", "euros", "cent", "cents"}, ru: [6]string{"евро", "евро", "евро", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"еуро", "цент"}, uz: [2]string{"yevro", "sent"}},
	"USD": {en: [4]string{"US dollar", "US dollars", "cent", "cents"}, ru: [6]string{"доллар США", "доллара США", "долларов США", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"АҚШ доллары", "цент"}, uz: [2]string{"AQSH dollari", "sent"}},
	"ILS": {en: [4]string{"shekel", "shekels", "agora", "agorot"}, ru: [6]string{"шекель", "шекеля", "шекелей", "агора", "агоры", "агорот"}, feminine: false, kk: [2]string{"шекель", "агора"}, uz: [2]string{"shekel", "agora"}},
	"GBP": {en: [4]string{"pound sterling", "pounds sterling", "penny", "pence"}, ru: [6]string{"фунт стерлингов", "фунта стерлингов", "фунтов стерлингов", "пенни", "пенни", "пенни"}, feminine: false, kk: [2]string{"фунт стерлинг", "пенни"}, uz: [2]string{"funt sterling", "pens"}},
	"CHF": {en: [4]string{"Swiss franc", "Swiss francs", "centime", "centimes"}, ru: [6]string{"швейцарский франк", "швейцарских франка", "швейцарских франков", "сантим", "сантима", "сантимов"}, feminine: false, kk: [2]string{"швейцар франкі", "сантим"}, uz: [2]string{"Shveytsariya franki", "santim"}},
	"TRY": {en: [4]string{"Turkish lira", "Turkish lira", "kuruş", "kuruş"}, ru: [6]string{"турецкая лира", "турецкие лиры", "турецких лир", "куруш", "куруша", "курушей"}, feminine: true, kk: [2]string{"түрік лирасы", "куруш"}, uz: [2]string{"turk lirasi", "kurush"}},
	"KGS": {en: [4]string{"som", "som", "tyiyn", "tyiyn"}, ru: [6]string{"сом", "сома", "сомов", "тыйын", "тыйына", "тыйынов"}, feminine: false, kk: [2]string{"қырғыз сомы", "тыйын"}, uz: [2]string{"qirgʻiz somi", "tiyin"}},
	"TJS": {en: [4]string{"somoni", "somoni", "diram", "dirams"}, ru: [6]string{"сомони", "сомони", "сомони", "дирам", "дирама", "дирамов"}, feminine: false, kk: [2]string{"сомони", "дирам"}, uz: [2]string{"somoniy", "diram"}},
	"TMT": {en: [4]string{"Turkmen manat", "Turkmen manat", "tenge", "tenge"}, ru: [6]string{"туркменский манат", "туркменских маната", "туркменских манатов", "тенге", "тенге", "тенге"}, feminine: false, kk: [2]string{"түрікмен манаты", "теңге"}, uz: [2]string{"turkman manati", "tenge"}},
	"AZN": {en: [4]string{"Azerbaijani manat", "Azerbaijani manat", "qəpik", "qəpik"}, ru: [6]string{"азербайджанский манат", "азербайджанских маната", "азербайджанских манатов", "гяпик", "гяпика", "гяпиков"}, feminine: false, kk: [2]string{"әзербайжан манаты", "гәпік"}, uz: [2]string{"ozarbayjon manati", "qapik"}},
	"GEL": {en: [4]string{"lari", "lari", "tetri", "tetri"}, ru: [6]string{"лари", "лари", "лари", "тетри", "тетри", "тетри"}, feminine: false, kk: [2]string{"лари", "тетри"}, uz: [2]string{"lari", "tetri"}},
	"AMD": {en: [4]string{"dram", "drams", "luma", "luma"}, ru: [6]string{"драм", "драма", "драмов", "лума", "лумы", "лум"}, feminine: false, kk: [2]string{"драм", "лума"}, uz: [2]string{"dram", "luma"}},
	"BYN": {en: [4]string{"Belarusian rouble", "Belarusian roubles", "kopeck", "kopecks"}, ru: [6]string{"белорусский рубль", "белорусских рубля", "белорусских рублей", "копейка", "копейки", "копеек"}, feminine: false, kk: [2]string{"беларусь рублі", "тиын"}, uz: [2]string{"Belarus rubli", "tiyin"}},
	"UAH": {en: [4]string{"hryvnia", "hryvnias", "kopiyka", "kopiykas"}, ru: [6]string{"гривна", "гривны", "гривен", "копейка", "копейки", "копеек"}, feminine: true, kk: [2]string{"гривна", "тиын"}, uz: [2]string{"grivna", "tiyin"}},
	"MDL": {en: [4]string{"Moldovan leu", "Moldovan lei", "ban", "bani"}, ru: [6]string{"молдавский лей", "молдавских лея", "молдавских леев", "бан", "бана", "банов"}, feminine: false, kk: [2]string{"молдова лейі", "бан"}, uz: [2]string{"Moldova leyi", "ban"}},
	"CNY": {en: [4]string{"yuan", "yuan", "fen", "fen"}, ru: [6]string{"юань", "юаня", "юаней", "фэнь", "фэня", "фэней"}, feminine: false, kk: [2]string{"юань", "фэнь"}, uz: [2]string{"yuan", "fen"}},
	"JPY": {en: [4]string{"yen", "yen", "", ""}, ru: [6]string{"иена", "иены", "иен", "", "", ""}, feminine: true, kk: [2]string{"иена", ""}, uz: [2]string{"iyena", ""}},
	"KRW": {en: [4]string{"won", "won", "", ""}, ru: [6]string{"вона", "воны", "вон", "", "", ""}, feminine: true, kk: [2]string{"вона", ""}, uz: [2]string{"von", ""}},
	"INR": {en: [4]string{"Indian rupee", "Indian rupees", "paisa", "paise"}, ru: [6]string{"индийская рупия", "индийские рупии", "индийских рупий", "пайса", "пайсы", "пайс"}, feminine: true, kk: [2]string{"үнді рупиясы", "пайса"}, uz: [2]string{"hind rupiyasi", "paysa"}},
	"AED": {en: [4]string{"UAE dirham", "UAE dirhams", "fils", "fils"}, ru: [6]string{"дирхам ОАЭ", "дирхама ОАЭ", "дирхамов ОАЭ", "филс", "филса", "филсов"}, feminine: false, kk: [2]string{"БАӘ дирхамы", "филс"}, uz: [2]string{"BAA dirhami", "fils"}},
	"SAR": {en: [4]string{"Saudi riyal", "Saudi riyals", "halala", "halalas"}, ru: [6]string{"саудовский риял", "саудовских рияла", "саудовских риялов", "халал", "халала", "халалов"}, feminine: false, kk: [2]string{"сауд риялы", "халал"}, uz: [2]string{"Saudiya riyoli", "halala"}},
	"QAR": {en: [4]string{"Qatari riyal", "Qatari riyals", "dirham", "dirhams"}, ru: [6]string{"катарский риал", "катарских риала", "катарских риалов", "дирхам", "дирхама", "дирхамов"}, feminine: false, kk: [2]string{"катар риалы", "дирхам"}, uz: [2]string{"Qatar riyoli", "dirham"}},
	"KWD": {en: [4]string{"Kuwaiti dinar", "Kuwaiti dinars", "fils", "fils"}, ru: [6]string{"кувейтский динар", "кувейтских динара", "кувейтских динаров", "филс", "филса", "филсов"}, feminine: false, kk: [2]string{"кувейт динары", "филс"}, uz: [2]string{"Quvayt dinori", "fils"}},
	"PLN": {en: [4]string{"złoty", "złoty", "grosz", "groszy"}, ru: [6]string{"польский злотый", "польских злотых", "польских злотых", "грош", "гроша", "грошей"}, feminine: false, kk: [2]string{"польша злотыйы", "грош"}, uz: [2]string{"Polsha zlotiysi", "grosh"}},
	"CZK": {en: [4]string{"Czech koruna", "Czech korunas", "haléř", "haléřů"}, ru: [6]string{"чешская крона", "чешские кроны", "чешских крон", "геллер", "геллера", "геллеров"}, feminine: true, kk: [2]string{"чех кронасы", "геллер"}, uz: [2]string{"Chexiya kronasi", "geller"}},
	"HUF": {en: [4]string{"forint", "forints", "fillér", "fillérs"}, ru: [6]string{"форинт", "форинта", "форинтов", "филлер", "филлера", "филлеров"}, feminine: false, kk: [2]string{"венгр форинті", "филлер"}, uz: [2]string{"forint", "filler"}},
	"SEK": {en: [4]string{"Swedish krona", "Swedish kronor", "öre", "öre"}, ru: [6]string{"шведская крона", "шведские кроны", "шведских крон", "эре", "эре", "эре"}, feminine: true, kk: [2]string{"швед кронасы", "эре"}, uz: [2]string{"Shvetsiya kronasi", "ere"}},
	"NOK": {en: [4]string{"Norwegian krone", "Norwegian kroner", "øre", "øre"}, ru: [6]string{"норвежская крона", "норвежские кроны", "норвежских крон", "эре", "эре", "эре"}, feminine: true, kk: [2]string{"норвег кронасы", "эре"}, uz: [2]string{"Norvegiya kronasi", "ere"}},
	"DKK": {en: [4]string{"Danish krone", "Danish kroner", "øre", "øre"}, ru: [6]string{"датская крона", "датские кроны", "датских крон", "эре", "эре", "эре"}, feminine: true, kk: [2]string{"дат кронасы", "эре"}, uz: [2]string{"Daniya kronasi", "ere"}},
	"CAD": {en: [4]string{"Canadian dollar", "Canadian dollars", "cent", "cents"}, ru: [6]string{"канадский доллар", "канадских доллара", "канадских долларов", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"канада доллары", "цент"}, uz: [2]string{"Kanada dollari", "sent"}},
	"AUD": {en: [4]string{"Australian dollar", "Australian dollars", "cent", "cents"}, ru: [6]string{"австралийский доллар", "австралийских доллара", "австралийских долларов", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"австралия доллары", "цент"}, uz: [2]string{"Avstraliya dollari", "sent"}},
	"MNT": {en: [4]string{"tögrög", "tögrög", "möngö", "möngö"}, ru: [6]string{"тугрик", "тугрика", "тугриков", "мунгу", "мунгу", "мунгу"}, feminine: false, kk: [2]string{"моңғол төгрігі", "мөңгө"}, uz: [2]string{"tugrik", "mungu"}},
	"AFN": {en: [4]string{"afghani", "afghanis", "pul", "puls"}, ru: [6]string{"афгани", "афгани", "афгани", "пул", "пула", "пулов"}, feminine: false, kk: [2]string{"ауғани", "пул"}, uz: [2]string{"afgʻoni", "pul"}},
	"IRR": {en: [4]string{"Iranian rial", "Iranian rials", "dinar", "dinars"}, ru: [6]string{"иранский риал", "иранских риала", "иранских риалов", "динар", "динара", "динаров"}, feminine: false, kk: [2]string{"иран риалы", "динар"}, uz: [2]string{"Eron riyoli", "dinor"}},
	"PKR": {en: [4]string{"Pakistani rupee", "Pakistani rupees", "paisa", "paise"}, ru: [6]string{"пакистанская рупия", "пакистанские рупии", "пакистанских рупий", "пайса", "пайсы", "пайс"}, feminine: true, kk: [2]string{"пәкістан рупиясы", "пайса"}, uz: [2]string{"Pokiston rupiyasi", "paysa"}},
	"SGD": {en: [4]string{"Singapore dollar", "Singapore dollars", "cent", "cents"}, ru: [6]string{"сингапурский доллар", "сингапурских доллара", "сингапурских долларов", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"сингапур доллары", "цент"}, uz: [2]string{"Singapur dollari", "sent"}},
	"HKD": {en: [4]string{"Hong Kong dollar", "Hong Kong dollars", "cent", "cents"}, ru: [6]string{"гонконгский доллар", "гонконгских доллара", "гонконгских долларов", "цент", "цента", "центов"}, feminine: false, kk: [2]string{"гонконг доллары", "цент"}, uz: [2]string{"Gonkong dollari", "sent"}},
}
