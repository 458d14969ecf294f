; Carebook's own words in the installer, in each of its languages.

LangString KeepsData ${LANG_ENGLISH} "Carebook will be removed from this computer. Your data (the database, the documents and the backups in $APPDATA\Carebook) stays where it is: it is not deleted."
LangString KeepsData ${LANG_RUSSIAN} "Carebook будет удалён с этого компьютера. Ваши данные (база, документы и резервные копии в $APPDATA\Carebook) остаются на месте: они не удаляются."
LangString KeepsData ${LANG_KAZAKH} "Carebook осы компьютерден жойылады. Деректеріңіз ($APPDATA\Carebook қалтасындағы дерекқор, құжаттар және сақтық көшірмелер) орнында қалады: олар жойылмайды."
LangString KeepsData ${LANG_UZBEK} "Carebook bu kompyuterdan oʻchiriladi. Maʼlumotlaringiz ($APPDATA\Carebook papkasidagi baza, hujjatlar va zaxira nusxalar) joyida qoladi: ular oʻchirilmaydi."

LangString CloseIt ${LANG_ENGLISH} "Carebook is running. Close every Carebook window, then click Retry."
LangString CloseIt ${LANG_RUSSIAN} "Carebook запущен. Закройте все окна Carebook и нажмите «Повторить»."
LangString CloseIt ${LANG_KAZAKH} "Carebook іске қосулы. Carebook терезелерінің бәрін жауып, «Қайталау» батырмасын басыңыз."
LangString CloseIt ${LANG_UZBEK} "Carebook ishlamoqda. Barcha Carebook oynalarini yoping, soʻng qayta urinib koʻring."

LangString StillRunning ${LANG_ENGLISH} "Carebook is still running: nothing was changed."
LangString StillRunning ${LANG_RUSSIAN} "Carebook всё ещё запущен: ничего не изменено."
LangString StillRunning ${LANG_KAZAKH} "Carebook әлі іске қосулы: ештеңе өзгертілмеді."
LangString StillRunning ${LANG_UZBEK} "Carebook hali ishlamoqda: hech narsa oʻzgartirilmadi."

LangString NoSpace ${LANG_ENGLISH} "There is not enough free space on $1 for Carebook: it needs $4 MB and $2 MB are free. Free some space or choose another folder, then try again."
LangString NoSpace ${LANG_RUSSIAN} "На диске $1 не хватает места для Carebook: нужно $4 МБ, свободно $2 МБ. Освободите место или выберите другую папку и повторите."
LangString NoSpace ${LANG_KAZAKH} "$1 дискісінде Carebook үшін орын жеткіліксіз: $4 МБ қажет, $2 МБ бос. Орын босатыңыз немесе басқа қалта таңдап, қайталап көріңіз."
LangString NoSpace ${LANG_UZBEK} "$1 diskida Carebook uchun joy yetarli emas: $4 MB kerak, $2 MB boʻsh. Joy boʻshating yoki boshqa papka tanlang va qayta urinib koʻring."

LangString Comment ${LANG_ENGLISH} "Case book of a children’s medical charity"
LangString Comment ${LANG_RUSSIAN} "Дела подопечных детского благотворительного фонда"
LangString Comment ${LANG_KAZAKH} "Балалар қайырымдылық қорының істері"
LangString Comment ${LANG_UZBEK} "Bolalar xayriya jamgʻarmasining ishlari"

LangString DesktopShortcut ${LANG_ENGLISH} "Shortcut on the desktop"
LangString DesktopShortcut ${LANG_RUSSIAN} "Ярлык на рабочем столе"
LangString DesktopShortcut ${LANG_KAZAKH} "Жұмыс үстеліндегі белгіше"
LangString DesktopShortcut ${LANG_UZBEK} "Ish stolida yorliq"
