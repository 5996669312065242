# Dates and times as Flemish readers write them: "vrijdag 27 maart 2020", "9.30".
DATE_FORMAT = "l j F Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = "l j F Y, G.i"
SHORT_DATE_FORMAT = "j/n/Y"
