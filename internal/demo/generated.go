package demo

import (
	"fmt"

	"github.com/popdev/pop/internal/pop"
)

var (
	firstNames = []string{"an", "jan", "lotte", "tom", "priya", "mateo", "sara", "noah", "emma", "lars", "fatima", "yusuf", "ines", "bram", "mila", "olivier"}
	lastNames  = []string{"janssens", "peeters", "maes", "jacobs", "mertens", "willems", "claes", "goossens", "wouters", "dubois", "lambert", "dupont"}
)

type goalSeed struct {
	nl, en           [3]string // goal, action, support
	measure, timing  string
	followUp, budget string
}

var goalSeeds = []goalSeed{
	{[3]string{"Beter leren omgaan met conflicten", "Training conflicthantering volgen", "Tijd vrijmaken voor deelname"},
		[3]string{"Handle conflict better", "Take the conflict handling course", "Time off for the course"}, "training", "q2", "next", "450 EUR"},
	{[3]string{"Meer verantwoordelijkheid opnemen", "Interne coaching door een collega", "Aanstelling coach"},
		[3]string{"Take on more responsibility", "Internal coaching by a colleague", "A coach is appointed"}, "coaching", "ongoing", "+3m", ""},
	{[3]string{"Kubernetes leren beheren", "CKA-certificaat halen", "Examengeld en een lab-cluster"},
		[3]string{"Run Kubernetes in production", "Get the CKA certificate", "Exam fee and a lab cluster"}, "opleiding", "m6", "+2m", "395 USD"},
	{[3]string{"Vlotter presenteren", "Workshop presenteren en twee demo's geven", "Feedback na elke demo"},
		[3]string{"Present with more ease", "Presentation workshop and two demos", "Feedback after each demo"}, "vorming", "m3", "+1m", ""},
	{[3]string{"Security-expertise opbouwen", "Cursus secure coding", "Een sprintdag per maand"},
		[3]string{"Build security expertise", "Secure coding course", "One sprint day a month"}, "opleiding", "q3", "+6w", "800 EUR"},
}

// generated builds a team of n employees with one POP each, and a manager
// for every eight of them. Content varies with the index so that checks
// and summaries see a realistic spread of measures, statuses and dates.
func generated(n int, today pop.Date) ([]Person, []*Doc) {
	managers := (n + 7) / 8
	var people []Person
	for i := 0; i < managers; i++ {
		id := fmt.Sprintf("manager-%d", i+1)
		people = append(people, Person{id, fmt.Sprintf("Manager %d", i+1), id + "@example.com", ""})
	}
	var docs []*Doc
	statuses := []string{"planned", "in-progress", "in-progress", "done", "dropped"}
	for i := 0; i < n; i++ {
		first, last := firstNames[i%len(firstNames)], lastNames[(i/len(firstNames))%len(lastNames)]
		id := fmt.Sprintf("%s-%s-%d", first, last, i+1)
		mgr := people[i%managers].ID
		people = append(people, Person{id, fmt.Sprintf("%s %s", title(first), title(last)), id + "@example.com", mgr})
		lang := "nl"
		if i%3 == 2 {
			lang = "en"
		}
		date := today.AddDays(-(i % 300))
		doc := &Doc{Pop: 1, Kind: pop.KindPOP, Employee: id, Manager: mgr, Date: day(date.String()),
			NextConversation: day(date.AddMonths(6).String()), lang: lang}
		for j := 0; j < 1+i%3; j++ {
			s := goalSeeds[(i+j)%len(goalSeeds)]
			text := s.nl
			if lang == "en" {
				text = s.en
			}
			g := Goal{ID: fmt.Sprintf("goal-%d", j+1), Goal: text[0], Measure: s.measure, Action: text[1],
				Timing: timing(s.timing, date), Support: text[2], FollowUp: s.followUp, Budget: s.budget,
				Status: statuses[(i+j)%len(statuses)]}
			if g.Status != "planned" {
				g.Updates = []Update{{day(date.AddDays(20).String()), "Progress noted"}}
			}
			doc.Goals = append(doc.Goals, g)
		}
		doc.body = bodyFor(lang)
		docs = append(docs, doc)
	}
	return people, docs
}

func timing(kind string, date pop.Date) string {
	switch kind {
	case "q2":
		return quarter(date.AddMonths(5))
	case "q3":
		return quarter(date.AddMonths(8))
	case "m6":
		return date.AddMonths(6).String()[:7]
	case "m3":
		return date.AddMonths(3).String()[:7]
	}
	return kind
}

func bodyFor(lang string) []string {
	if lang == "en" {
		return []string{
			"We started with how things are going; the employee brought their own topics.",
			"Looking back on the past period: what went well, what was harder, which training helped.",
			"Development needs: the skills to strengthen and where the employee wants to grow.",
			"The plan is in the goals above: how, when and with whom for each.",
			"Summed up and agreed; the next follow-up is set.",
		}
	}
	return []string{
		"We begonnen met hoe het gaat; de medewerker bracht eigen onderwerpen mee.",
		"Terugblik op de voorbije periode: wat liep goed, wat was moeilijker, welke vorming hielp.",
		"Ontwikkelbehoeften: welke competenties versterken en waar de medewerker wil groeien.",
		"De planning staat in de doelen hierboven: hoe, wanneer en met wie.",
		"Samengevat en akkoord; het volgende opvolgmoment is afgesproken.",
	}
}

func title(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
