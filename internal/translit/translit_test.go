package translit

import "testing"

// Names as their bearers' official Latin spellings have them (the Uzbek
// Latin alphabet, passports, the names used in English), and a few rules.
func TestNames(t *testing.T) {
	for _, c := range []struct{ in, en, uz string }{
		{"Шавкат Мирзиёев", "Shavkat Mirziyoyev", "Shavkat Mirziyoyev"},
		{"Ўзбекистон", "Ozbekiston", "Oʻzbekiston"},
		{"Ғафур Ғулом", "Gafur Gulom", "Gʻafur Gʻulom"},
		{"Абдулла Қодирий", "Abdulla Kodiriy", "Abdulla Qodiriy"},
		{"Алишер Навоий", "Alisher Navoiy", "Alisher Navoiy"},
		{"Чўлпон", "Cholpon", "Choʻlpon"},
		{"Ҳамза Ҳакимзода", "Hamza Hakimzoda", "Hamza Hakimzoda"},
		{"Юсуф Ёқубов", "Yusuf Yokubov", "Yusuf Yoqubov"},
		{"Нурсултан Назарбаев", "Nursultan Nazarbayev", "Nursultan Nazarbayev"},
		{"Ерлан Жақсыбеков", "Yerlan Zhaksybekov", "Yerlan Jaqsibekov"},
		{"Айгерим Сейтова", "Aigerim Seitova", "Aygerim Seytova"},
		{"Қайрат Нұрланов", "Kairat Nurlanov", "Qayrat Nurlanov"},
		{"Әсел Өмірзақова", "Asel Omirzakova", "Asel Oʻmirzaqova"},
		{"Жанна Хасенова", "Zhanna Khasenova", "Janna Xasenova"},
		{"Дмитрий Сергеев", "Dmitriy Sergeyev", "Dmitriy Sergeyev"},
		{"Фёдор Щукин", "Fyodor Shchukin", "Fyodor Shukin"},
		{"Ильяс Мусаев", "Ilyas Musayev", "Ilyas Musayev"},
		{"ШАХНОЗА ЮЛДАШЕВА", "SHAKHNOZA YULDASHEVA", "SHAXNOZA YULDASHEVA"},
		{"Мұратбекова Аружан Ержанқызы", "Muratbekova Aruzhan Yerzhankyzy", "Muratbekova Arujan Yerjanqizi"},
		{"Rahimova Oʻgʻiloy", "Rahimova Oʻgʻiloy", "Rahimova Oʻgʻiloy"},
	} {
		if got := English(c.in); got != c.en {
			t.Errorf("English(%q) = %q, want %q", c.in, got, c.en)
		}
		if got := Uzbek(c.in); got != c.uz {
			t.Errorf("Uzbek(%q) = %q, want %q", c.in, got, c.uz)
		}
	}
}
