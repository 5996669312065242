# Dates and times as Belgian French readers write them: "vendredi 27 mars 2020", "9h30".
DATE_FORMAT = "l j F Y"
TIME_FORMAT = r"G\hi"
DATETIME_FORMAT = r"l j F Y, G\hi"
SHORT_DATE_FORMAT = "j/n/Y"
