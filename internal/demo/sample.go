package demo

import "github.com/popdev/pop/internal/pop"

// sample is the hand-written team: a Dutch-speaking team led by An and an
// English-speaking one led by Tom. Relative to today it has one follow-up
// overdue, one coming up within two weeks, a conversation overdue, a goal
// carried over from last year, and a preparation note.
func sample(today pop.Date) (people []Person, history, current []*Doc) {
	people = []Person{
		{"an-janssens", "An Janssens", "an.janssens@example.com", ""},
		{"jan-peeters", "Jan Peeters", "jan.peeters@example.com", "an-janssens"},
		{"lotte-de-smet", "Lotte De Smet", "lotte.desmet@example.com", "an-janssens"},
		{"tom-becker", "Tom Becker", "tom.becker@example.com", "an-janssens"},
		{"priya-raman", "Priya Raman", "priya.raman@example.com", "tom-becker"},
		{"mateo-garcia", "Mateo Garcia", "mateo.garcia@example.com", "tom-becker"},
	}
	d := func(days int) day { return day(today.AddDays(days).String()) }
	m := func(months, days int) day { return day(today.AddMonths(months).AddDays(days).String()) }

	janOld := &Doc{
		Pop: 1, Kind: pop.KindPOP, Employee: "jan-peeters", Manager: "an-janssens",
		Date: m(-13, 0), NextConversation: m(-1, -10), lang: "nl",
		Goals: []Goal{
			{ID: "conflicten", Goal: "Beter leren omgaan met conflicten", Measure: "training",
				Action: "Training conflicthantering volgen", Timing: quarter(today.AddMonths(-10)),
				Support: "Tijd vrijmaken voor deelname", FollowUp: "next", Budget: "450 EUR", Status: "in-progress",
				Updates: []Update{{m(-9, 0), "Eerste dag van de training gevolgd"}}},
			{ID: "go-testen", Goal: "Tests schrijven als vaste gewoonte", Measure: "vorming",
				Action: "Zelfstudie en pair programming met Lotte", Timing: today.AddMonths(-7).String()[:7],
				Support: "Een halve dag per sprint", Guide: "lotte-de-smet", FollowUp: "+3m", Status: "done",
				Updates: []Update{{m(-10, 0), "Eerste module afgewerkt"}, {m(-6, 0), "Nieuwe code heeft tests"}}},
		},
		body: []string{
			"Jan voelt zich goed in het team en wil vooral praten over samenwerking.",
			"Het eerste jaar als backend developer: veel geleerd over de codebase.",
			"Jan wil rustiger reageren in discussies en beter testen.",
			"Twee doelen, zie hierboven. Budget voor de training is goedgekeurd.",
			"We zien elkaar over een jaar terug; tussendoor kort bij de één-op-één.",
		},
	}
	jan := &Doc{
		Pop: 1, Kind: pop.KindPOP, Employee: "jan-peeters", Manager: "an-janssens",
		Date: d(-45), Companion: "Sara Claes", Agenda: []string{"feedback", "doorgroei naar tech lead"},
		NextConversation: m(5, -45), lang: "nl",
		Goals: []Goal{
			{ID: "conflicten", Goal: "Beter leren omgaan met conflicten", Measure: "training",
				Action: "Tweede deel van de training conflicthantering volgen", Timing: quarter(today.AddMonths(2)),
				Support: "Tijd vrijmaken voor deelname", FollowUp: "+1m", Evaluation: "Korte evaluatie na een maand, daarna bij het volgende POP-gesprek",
				OrgGoal: "groei", Budget: "450 EUR", Status: "planned"},
			{ID: "verantwoordelijkheid", Goal: "Meer verantwoordelijkheid opnemen", Measure: "coaching",
				Action: "Interne coaching door een collega", Timing: "ongoing",
				Support: "Aanstelling coach", Guide: "tom-becker", FollowUp: "+3m", Evaluation: "Korte evaluatie na 3 maanden",
				OrgGoal: "groei", Status: "in-progress",
				Updates: []Update{{d(-20), "Eerste coachingsgesprek gehad"}}},
			{ID: "tech-lead", Goal: "Groeien naar de rol van tech lead", Measure: "opleiding",
				Action: "Opleiding software-architectuur volgen", Timing: quarter(today.AddMonths(6)),
				Support: "Studieverlof en inschrijvingsgeld", Budget: "1200 EUR", FollowUp: "next",
				Evaluation: "Evaluatie bij het volgende POP-gesprek", OrgGoal: "kwaliteit", Status: "planned"},
		},
		body: []string{
			"Jan komt met Sara Claes als vertrouwenspersoon. Hij wil het vooral hebben over doorgroeien.",
			"De training conflicthantering was nuttig maar het tweede deel ontbreekt nog. Testen is nu een gewoonte.",
			"Jan wil meer verantwoordelijkheid en op termijn tech lead worden.",
			"Drie afspraken: de training afmaken, coaching door Tom, en een opleiding architectuur.",
			"Samengevat en akkoord. Over een maand kijken we kort naar de training.",
		},
	}
	lotte := &Doc{
		Pop: 1, Kind: pop.KindPOP, Employee: "lotte-de-smet", Manager: "an-janssens",
		Date: d(-20), NextConversation: m(6, -20), lang: "nl",
		Goals: []Goal{
			{ID: "presenteren", Goal: "Vlotter presenteren voor klanten", Measure: "vorming",
				Action: "Workshop presentatietechnieken en twee demo's geven", Timing: today.AddMonths(3).String()[:7],
				Support: "Feedback van An na elke demo", Guide: "an-janssens", FollowUp: string(d(10)), OrgGoal: "klantgericht", Status: "in-progress",
				Updates: []Update{{d(-5), "Eerste demo gegeven, goede feedback"}}},
			{ID: "kubernetes", Goal: "Kubernetes in productie leren beheren", Measure: "opleiding",
				Action: "CKA-certificaat halen", Timing: quarter(today.AddMonths(6)),
				Support: "Examengeld en een lab-cluster", Budget: "395 USD", FollowUp: "+3m", OrgGoal: "kwaliteit", Status: "planned"},
		},
		body: []string{
			"Lotte had zich goed voorbereid en bracht zelf de onderwerpen aan.",
			"Sterk jaar: de migratie naar de nieuwe databank liep vlot.",
			"Ze wil zichtbaarder worden bij klanten en meer infrastructuur leren.",
			"Twee doelen: presenteren en Kubernetes.",
			"Volgend gesprek over zes maanden.",
		},
	}
	lottePrep := &Doc{
		Pop: 1, Kind: pop.KindPrep, Employee: "lotte-de-smet", Date: d(-20),
		Agenda: []string{"presenteren", "kubernetes"}, lang: "nl",
		Goals: []Goal{{ID: "presenteren", Goal: "Vlotter presenteren"}},
		body: []string{
			"Presenteren voor klanten en infrastructuur.",
			"Ik wil ook vragen naar thuiswerk op vrijdag.",
			"Ik kom alleen.",
			"Geen vorige afspraken: dit is mijn eerste POP.",
			"Wie begeleidt me bij de demo's?",
		},
	}
	priya := &Doc{
		Pop: 1, Kind: pop.KindPOP, Employee: "priya-raman", Manager: "tom-becker",
		Date: m(-7, 0), NextConversation: d(-12), lang: "en",
		Goals: []Goal{
			{ID: "mentoring", Goal: "Mentor the two new hires", Measure: "coaching",
				Action: "Weekly pairing sessions with each new hire", Timing: "ongoing",
				Support: "Two hours a week kept free in the sprint", FollowUp: "next", Status: "in-progress",
				Updates: []Update{{m(-3, 0), "Both new hires ship on their own now"}}},
			{ID: "rust", Goal: "Write production services in Rust", Measure: "training",
				Action: "Online Rust course and a small internal tool", Timing: string(m(-1, 0))[:7],
				Support: "Course licence", Budget: "300 EUR", FollowUp: "+4m", Status: "done",
				Updates: []Update{{m(-3, 5), "Course finished, tool in use"}}},
		},
		body: []string{
			"Priya asked to talk about mentoring and about learning Rust.",
			"Looking back: led the on-call rota, and the incident reviews improved.",
			"She wants to coach others and to broaden her languages.",
			"Two goals, see the front matter.",
			"Next conversation planned; check-in at the monthly one-to-one.",
		},
	}
	mateo := &Doc{
		Pop: 1, Kind: pop.KindPOP, Employee: "mateo-garcia", Manager: "tom-becker",
		Date: d(-3), NextConversation: m(6, -3), lang: "en",
		Goals: []Goal{
			{ID: "security", Goal: "Become the team's go-to person for application security", Measure: "opleiding",
				Action: "Secure coding course, then lead the threat-model sessions", Timing: quarter(today.AddMonths(4)),
				Support: "Course budget and one sprint day a month", Guide: "priya-raman", FollowUp: string(d(12)),
				Evaluation: "Short review after the course, then at the next conversation", OrgGoal: "kwaliteit",
				Budget: "800 EUR", Status: "planned"},
		},
		body: []string{
			"Mateo is settling in well after his first half year.",
			"Looking back: onboarding went smoothly; the code review culture helped.",
			"He is drawn to security and would like to grow into that role.",
			"One goal for now, with a follow-up in two weeks to pick the course.",
			"Agreed; Tom sends the summary.",
		},
	}
	// An prepares Jan's conversation: the manager's own note, never signed.
	janManagerPrep := &Doc{
		Pop: 1, Kind: pop.KindPrep, For: pop.ForManager, Employee: "jan-peeters", Manager: "an-janssens",
		Date: d(-45), lang: "nl",
		body: []string{
			"- Beter leren omgaan met conflicten (conflicten, in-progress): eerste dag gevolgd, tweede deel nog te plannen.\n" +
				"- Tests schrijven als vaste gewoonte (go-testen, done): nieuwe code heeft tests.",
			"Het team zoekt binnen het jaar een tech lead; architectuurkennis ontbreekt nog.",
			"Nog 2500 EUR vormingsbudget dit jaar; opleidingscheques aanvragen voor de architectuuropleiding.",
			"Jan reageert soms scherp in discussies; concrete voorbeelden meebrengen.",
		},
	}
	return people, []*Doc{janOld}, []*Doc{jan, lotte, lottePrep, priya, mateo, janManagerPrep}
}

// quarter returns the YYYY-Qn of d.
func quarter(d pop.Date) string {
	q := (int(d.Month())-1)/3 + 1
	return d.String()[:4] + "-Q" + string(rune('0'+q))
}
