using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Contracts;

namespace Pipeline.Scoring.Tests;

public sealed class LexiconBaselineScorerTests
{
    private readonly LexiconBaselineScorer _scorer = new();

    private static readonly (string Category, string Narrative)[] _categoryNarratives =
    [
        (IseSarCategories.Intrusion, "Guard observed the subject climbed over the fence behind the substation and tried to enter the restricted area before leaving on foot."),
        (IseSarCategories.Misrepresentation, "Subject presented a fake badge and claimed to be a utility inspector; the inspector number could not be verified with the company."),
        (IseSarCategories.Theft, "Plant manager reports two employee access badges and a uniform were stolen from a locked vehicle in the staff lot."),
        (IseSarCategories.Sabotage, "Maintenance crew found the padlock cut and evidence that someone tampered with the valve controls at the pumping station."),
        (IseSarCategories.Cyberattack, "IT staff at the county clerk's office report a ransomware infection that followed a phishing email sent to several employees."),
        (IseSarCategories.Threat, "Caller states a former employee threatened to come back and shoot everyone at the warehouse."),
        (IseSarCategories.Aviation, "Airport operations reported a drone hovering over the approach path to runway 27 during evening arrivals."),
        (IseSarCategories.Eliciting, "A visitor asked employees about shift change times and how many guards are on duty overnight."),
        (IseSarCategories.TestingSecurity, "Individual tried multiple doors at the rear of the data center, set off the alarm, and timed the response of security staff from across the street."),
        (IseSarCategories.Recruiting, "Source reports the subject is trying to recruit students to join the fight and is moving money through structured deposits at several banks."),
        (IseSarCategories.Photography, "Subject was photographing the security cameras and the staff entrances with a telephoto lens and hid the camera when approached."),
        (IseSarCategories.Surveillance, "Subject sat for two hours across from the power plant watching the entrance through binoculars and taking notes on security patrols."),
        (IseSarCategories.Materials, "Farm supply store reports a customer bought large quantities of fertilizer and several cases of hydrogen peroxide, paying cash."),
        (IseSarCategories.Expertise, "Subject asked range staff about paramilitary courses and wanted to learn how to bypass alarm systems at commercial buildings."),
        (IseSarCategories.Weapons, "Storage unit manager discovered a pipe bomb, several detonators and a cache of ammunition in a rented unit."),
        (IseSarCategories.SectorSpecific, "County health department reports a cluster of illnesses with similar symptoms among residents served by one water treatment plant."),
    ];

    public static TheoryData<string, string> CategoryNarratives => [.. _categoryNarratives];

    [Theory]
    [MemberData(nameof(CategoryNarratives))]
    public void EachCategoryHasARealisticNarrativeThatItTops(string category, string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Equal(category, result.TopCategory);
        Assert.Equal(category, result.Scores[0].Category);
        Assert.True(result.Scores[0].Score >= 0.5, $"{category} scored only {result.Scores[0].Score:0.00}");
        Assert.Contains(result.Evidence, e => e.Category == category && e.Feature.StartsWith("narrative:", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryCategoryIsCoveredByTheNarrativeTable()
    {
        var covered = _categoryNarratives.Select(row => row.Category).ToHashSet();

        Assert.Equal(IseSarCategories.All.Select(c => c.Code).ToHashSet(), covered);
    }

    [Theory]
    [InlineData("Resident reports loud music from neighbor.")]
    [InlineData("Found wallet returned to owner.")]
    [InlineData("Caller reports a lost dog near the park; owner located.")]
    [InlineData("Tourist photographing the bridge at sunset.")]
    [InlineData("Caller reports neighbor's kids flying a drone in the backyard.")]
    [InlineData("Store clerk reports a shoplifter took two candy bars and fled on foot.")]
    [InlineData("Subject was loitering near the bus station.")]
    [InlineData("Two vehicles involved in a minor collision, no injuries, exchanged insurance.")]
    [InlineData("")]
    public void BenignNarrativesScoreBelowTheAlertThreshold(string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.True(result.Priority < new AlertPolicy().Threshold, $"priority {result.Priority:0.00}");
        Assert.False(new AlertPolicy().Decide(result).Raise);
    }

    [Fact]
    public void NothingScoresAnEmptyResult()
    {
        var result = _scorer.Score(TestReports.Sar("Resident reports loud music from neighbor."));

        Assert.Empty(result.Scores);
        Assert.Empty(result.Evidence);
        Assert.Null(result.TopCategory);
        Assert.Equal(0, result.Priority);
    }

    [Theory]
    [InlineData("Officer searched the vehicle; no weapons or explosives were found.", IseSarCategories.Weapons)]
    [InlineData("Subject did not threaten anyone and left the lobby.", IseSarCategories.Threat)]
    [InlineData("Subject denied taking photographs of the facility.", IseSarCategories.Photography)]
    [InlineData("Vehicle was parked without a drone or other equipment visible.", IseSarCategories.Aviation)]
    [InlineData("Staff confirmed nothing was stolen from the site.", IseSarCategories.Theft)]
    public void ANegationJustBeforeAPhraseSuppressesIt(string narrative, string category)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Equal(0, result.ScoreOf(category));
        Assert.DoesNotContain(result.Evidence, e => e.Category == category);
    }

    [Theory]
    [InlineData("No one was hurt. Subject threatened to blow up the lobby.")]
    [InlineData("Subject was not armed but threatened to blow up the lobby.")]
    [InlineData("There were no customers in the store at the time, and the subject threatened to blow up the lobby.")]
    public void ANegationDoesNotReachAcrossSentencesContrastsOrDistance(string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Equal(IseSarCategories.Threat, result.TopCategory);
        Assert.True(result.ScoreOf(IseSarCategories.Threat) > 0.5);
    }

    [Theory]
    [InlineData("Subject CLIMBED THE FENCE at the rear gate.")]
    [InlineData("Subject climbed   the\n\tfence at the rear gate.")]
    [InlineData("Subject climbed -- the... fence at the rear gate.")]
    public void PhrasesMatchIgnoringCaseAndRunsOfWhitespaceOrPunctuation(string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Contains(result.Evidence, e => e.Category == IseSarCategories.Intrusion && e.Feature == "narrative:\"climbed the fence\"");
    }

    [Theory]
    [InlineData("The speaker gave a bombastic speech at the rally.")]
    [InlineData("Subject climbed the fencepost to retrieve a kite.")]
    [InlineData("The bombardier beetle exhibit reopened at the museum.")]
    public void PhrasesMatchOnlyWholeWords(string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Equal(0, result.ScoreOf(IseSarCategories.Threat));
        Assert.Equal(0, result.ScoreOf(IseSarCategories.Intrusion));
        Assert.DoesNotContain(result.Evidence, e => e.Feature.Contains("bomb", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("A trespasser was seen in the yard.")]
    [InlineData("Two trespassers were seen in the yard.")]
    [InlineData("Subject was trespassing in the yard.")]
    public void AStarredWordMatchesItsInflections(string narrative)
    {
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Contains(result.Evidence, e => e.Feature == "narrative:\"trespass*\"");
    }

    [Fact]
    public void APhraseRepeatedManyTimesCountsOnce()
    {
        var once = _scorer.Score(TestReports.Sar("Subject had binoculars."));
        var often = _scorer.Score(TestReports.Sar(string.Concat(Enumerable.Repeat("Subject had binoculars. ", 50))));

        Assert.Equal(once.ScoreOf(IseSarCategories.Surveillance), often.ScoreOf(IseSarCategories.Surveillance));
        Assert.Single(often.Evidence);
    }

    [Theory]
    [InlineData("BOMB THREAT", IseSarCategories.Threat, 0.9)]
    [InlineData("THREATS", IseSarCategories.Threat, 0.6)]
    [InlineData("TRESPASS", IseSarCategories.Intrusion, 0.35)]
    [InlineData("PROWLER", IseSarCategories.Intrusion, 0.35)]
    [InlineData("BURGLARY - RESIDENTIAL", IseSarCategories.Intrusion, 0.35)]
    [InlineData("VANDALISM", IseSarCategories.Sabotage, 0.35)]
    [InlineData("THEFT", IseSarCategories.Theft, 0.35)]
    [InlineData("DRONE", IseSarCategories.Aviation, 0.35)]
    [InlineData("UAS SIGHTING", IseSarCategories.Aviation, 0.35)]
    [InlineData("SUSPICIOUS PACKAGE", IseSarCategories.Threat, 0.5)]
    [InlineData("SUSPICIOUS PERSON", IseSarCategories.Surveillance, 0.2)]
    [InlineData("SUSPICIOUS VEHICLE", IseSarCategories.Surveillance, 0.2)]
    public void TheCadCallTypeAloneContributesToItsCategory(string callType, string category, double atLeast)
    {
        var result = _scorer.Score(TestReports.Sar("", callType));

        Assert.Equal(category, result.TopCategory);
        Assert.True(result.ScoreOf(category) >= atLeast, $"{callType}: {result.ScoreOf(category):0.00}");
        Assert.All(result.Evidence, e => Assert.StartsWith("call-type:", e.Feature, StringComparison.Ordinal));
    }

    [Fact]
    public void SuspiciousPackageCountsTowardBothThreatAndWeapons()
    {
        var result = _scorer.Score(TestReports.Sar("", "SUSPICIOUS PACKAGE"));

        Assert.True(result.ScoreOf(IseSarCategories.Threat) > 0);
        Assert.True(result.ScoreOf(IseSarCategories.Weapons) > 0);
    }

    [Fact]
    public void ABombThreatCallTypeOutweighsAPlainThreatsCallType()
    {
        var bomb = _scorer.Score(TestReports.Sar("", "BOMB THREAT"));
        var threats = _scorer.Score(TestReports.Sar("", "THREATS"));

        Assert.True(bomb.ScoreOf(IseSarCategories.Threat) > threats.ScoreOf(IseSarCategories.Threat));
    }

    [Theory]
    [InlineData("SUSPICIOUS PERSON")]
    [InlineData("SUSPICIOUS VEHICLE")]
    [InlineData("TRESPASS")]
    [InlineData("BURGLARY")]
    [InlineData("THEFT")]
    [InlineData("VANDALISM")]
    [InlineData("DRONE")]
    public void ARoutineCallTypeAloneIsTooWeakToAlert(string callType)
    {
        var result = _scorer.Score(TestReports.Sar("Caller reports a person standing near the corner.", callType));

        Assert.True(result.Priority > 0);
        Assert.False(new AlertPolicy().Decide(result).Raise);
    }

    [Theory]
    [InlineData("BOMB THREAT")]
    [InlineData("THREATS")]
    [InlineData("SUSPICIOUS PACKAGE")]
    public void AnUnambiguousCallTypeAloneAlerts(string callType) =>
        Assert.True(new AlertPolicy().Decide(_scorer.Score(TestReports.Sar("", callType))).Raise);

    [Fact]
    public void TheCallTypeAddsToNarrativeEvidence()
    {
        const string Narrative = "Caller says a coworker threatened staff at the front desk.";
        var withoutCallType = _scorer.Score(TestReports.Sar(Narrative));
        var withCallType = _scorer.Score(TestReports.Sar(Narrative, "THREATS"));

        Assert.True(withCallType.ScoreOf(IseSarCategories.Threat) > withoutCallType.ScoreOf(IseSarCategories.Threat));
        Assert.Contains(withCallType.Evidence, e => e.Feature == "call-type:\"threat*\"");
    }

    [Fact]
    public void ACriticalInfrastructureTargetBoostsCategoriesThatAlreadyScore()
    {
        const string Narrative = "Subject was seen with binoculars near the gate.";
        var plain = _scorer.Score(TestReports.Sar(Narrative));
        var energy = _scorer.Score(TestReports.Sar(Narrative, targetSector: "Energy"));

        Assert.True(energy.ScoreOf(IseSarCategories.Surveillance) > plain.ScoreOf(IseSarCategories.Surveillance));
        Assert.Contains(energy.Evidence, e => e.Category == IseSarCategories.Surveillance
            && e.Feature == "target-sector:\"Energy\"" && e.Contribution == BaselineLexicon.SectorBoost);
        Assert.Equal(plain.Scores.Select(s => s.Category), energy.Scores.Select(s => s.Category));
    }

    [Theory]
    [InlineData("Water and Wastewater Systems")]
    [InlineData("ENERGY")]
    [InlineData("Transportation Systems")]
    public void ASectorAloneNeverMakesAnythingScore(string sector)
    {
        var result = _scorer.Score(TestReports.Sar("Resident reports loud music from neighbor.", targetSector: sector));

        Assert.Same(ScoringResult.Empty, result);
    }

    [Fact]
    public void AnUnknownSectorGivesNoBoost()
    {
        const string Narrative = "Subject was seen with binoculars near the gate.";

        Assert.Equal(
            _scorer.Score(TestReports.Sar(Narrative)).ScoreOf(IseSarCategories.Surveillance),
            _scorer.Score(TestReports.Sar(Narrative, targetSector: "Residential")).ScoreOf(IseSarCategories.Surveillance));
    }

    [Theory]
    [MemberData(nameof(CategoryNarratives))]
    public void EvidenceExplainsEachScoreExactly(string category, string narrative)
    {
        _ = category;
        var result = _scorer.Score(TestReports.Sar(narrative, "SUSPICIOUS PERSON", "Energy"));

        foreach (var score in result.Scores)
        {
            var sum = result.Evidence.Where(e => e.Category == score.Category).Sum(e => e.Contribution);
            Assert.Equal(score.Score, 1 - Math.Exp(-sum), 12);
        }
        Assert.All(result.Evidence, e => Assert.True(e.Contribution > 0));
        Assert.Equal(result.Scores.Select(s => s.Category), result.Evidence.Select(e => e.Category).Distinct());
    }

    [Theory]
    [MemberData(nameof(CategoryNarratives))]
    public void ScoresAreHighestFirstAndPriorityIsAtLeastTheTopScore(string category, string narrative)
    {
        _ = category;
        var result = _scorer.Score(TestReports.Sar(narrative));

        Assert.Equal(result.Scores.OrderByDescending(s => s.Score).Select(s => s.Score), result.Scores.Select(s => s.Score));
        Assert.All(result.Scores, s => Assert.InRange(s.Score, double.Epsilon, 1));
        Assert.InRange(result.Priority, result.Scores[0].Score, 1);
    }

    [Fact]
    public void GroupAEvidenceRaisesPriorityAboveTheTopScore()
    {
        var groupBOnly = _scorer.Score(TestReports.Sar("Subject was watching the entrance through binoculars."));
        var withGroupA = _scorer.Score(TestReports.Sar("Subject was watching the entrance through binoculars, then climbed the fence."));

        Assert.Equal(groupBOnly.Scores[0].Score, groupBOnly.Priority);
        Assert.True(withGroupA.Priority > withGroupA.Scores[0].Score);
        Assert.True(withGroupA.Priority <= 1);
    }

    [Fact]
    public void ProtectedAttributesAndPrivacyFieldsDoNotChangeTheResult()
    {
        const string Narrative = "Subject was photographing the security cameras and later threatened to blow up the station.";
        var plain = TestReports.Sar(Narrative, "SUSPICIOUS PERSON", "Transportation Systems");
        var described = plain with
        {
            Protected = new ProtectedAttributes(new Dictionary<string, string>
            {
                ["race"] = "Black",
                ["ethnicity"] = "Hispanic",
                ["sex"] = "F",
                ["religion"] = "Muslim",
                ["national_origin"] = "Somalia",
                ["sexual_orientation"] = "gay",
                ["gender_identity"] = "transgender woman",
                ["age_band"] = "18-24",
            }),
            Privacy = new PrivacyFields(
                ["Middle Eastern woman, hijab, about 25, threatened to bomb", "Arab male with a beard, pipe bomb"],
                ["Gray sedan, plate ABC1234, drone on the roof"]),
        };

        var a = _scorer.Score(plain);
        var b = _scorer.Score(described);

        Assert.Equal(a.Scores, b.Scores);
        Assert.Equal(a.Evidence, b.Evidence);
        Assert.Equal(a.Priority, b.Priority);
        Assert.Equal(a.TopCategory, b.TopCategory);
        Assert.NotEmpty(a.Scores);
    }

    [Fact]
    public void TheLexiconContainsNoProtectedDescriptor()
    {
        var phrases = BaselineLexicon.Narrative.Select(e => e.Phrase)
            .Concat(BaselineLexicon.CallTypes.Select(e => e.Phrase))
            .ToList();
        var offending = new List<string>();
        foreach (var phrase in phrases)
        {
            var words = phrase.Split(' ');
            foreach (var term in ProtectedTerms.All)
            {
                var termWords = term.Split(' ');
                for (var i = 0; i + termWords.Length <= words.Length; i++)
                {
                    var hit = true;
                    for (var k = 0; k < termWords.Length && hit; k++)
                    {
                        var word = words[i + k];
                        hit = word.EndsWith('*')
                            ? termWords[k].StartsWith(word[..^1], StringComparison.OrdinalIgnoreCase)
                            : string.Equals(word, termWords[k], StringComparison.OrdinalIgnoreCase);
                    }
                    if (hit)
                    {
                        offending.Add($"\"{phrase}\" contains \"{term}\"");
                    }
                }
            }
        }

        Assert.Empty(offending);
    }

    [Theory]
    [MemberData(nameof(ProtectedTermRows))]
    public void AProtectedDescriptorAloneScoresNothing(string term)
    {
        var result = _scorer.Score(TestReports.Sar($"{term} {term}s {term}. The {term} person was seen."));

        Assert.Same(ScoringResult.Empty, result);
    }

    public static TheoryData<string> ProtectedTermRows => [.. ProtectedTerms.All];

    [Fact]
    public void DescriptorsWithLawfulActivityScoreZero()
    {
        const string Narrative =
            "A Middle Eastern man with a beard and a Muslim woman wearing a hijab left the mosque after prayers, " +
            "spoke Arabic on the phone, walked to the park and bought coffee. A Black teenager, a Hispanic couple, " +
            "a Jewish family from the synagogue and a gay transgender person were also at the cafe.";

        var result = _scorer.Score(TestReports.Sar(Narrative));

        Assert.Same(ScoringResult.Empty, result);
        Assert.Equal(0, result.Priority);
    }

    [Fact]
    public void IndicatorsBeyondTheScanCapAreIgnored()
    {
        var padding = new string('x', 40) + " ";
        var builder = new StringBuilder("Subject was seen with binoculars. ");
        while (builder.Length < LexiconBaselineScorer.MaxScannedChars)
        {
            builder.Append(padding);
        }
        builder.Append("Subject left a pipe bomb at the door.");

        var result = _scorer.Score(TestReports.Sar(builder.ToString()));

        Assert.True(result.ScoreOf(IseSarCategories.Surveillance) > 0);
        Assert.Equal(0, result.ScoreOf(IseSarCategories.Weapons));
    }

    [Fact]
    public void AWordCutByTheScanCapIsNotMisread()
    {
        // "bombastic" straddles the cap: its first four letters must not be read as "bomb".
        var narrative = new string(' ', LexiconBaselineScorer.MaxScannedChars - 4) + "bombastic remarks";

        Assert.Same(ScoringResult.Empty, _scorer.Score(TestReports.Sar(narrative)));
    }

    [Fact]
    public void AFiftyMegabyteNarrativeIsScoredPromptlyWithoutThrowing()
    {
        var narrative = string.Create(50 * 1024 * 1024, 0, static (span, _) =>
        {
            ReadOnlySpan<char> unit = "watching the entrance not no ((((a+)+)+)+ ''' ...\n";
            for (var i = 0; i < span.Length; i += unit.Length)
            {
                unit[..Math.Min(unit.Length, span.Length - i)].CopyTo(span[i..]);
            }
        });

        var watch = Stopwatch.StartNew();
        var result = _scorer.Score(TestReports.Sar(narrative, new string('A', 10_000_000), new string('e', 10_000_000)));
        watch.Stop();

        Assert.Equal(IseSarCategories.Surveillance, result.TopCategory);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData('a')]
    [InlineData(' ')]
    [InlineData('\'')]
    [InlineData('.')]
    public void DegenerateNarrativesAtTheCapDoNotThrow(char fill)
    {
        var result = _scorer.Score(TestReports.Sar(new string(fill, LexiconBaselineScorer.MaxScannedChars * 3)));

        Assert.Same(ScoringResult.Empty, result);
    }

    [Fact]
    public void ScoringAOneKilobyteNarrativeTakesMicroseconds()
    {
        var narrative = string.Join(' ', _categoryNarratives.Select(row => row.Narrative))[..1024];
        var report = TestReports.Sar(narrative, "SUSPICIOUS PERSON", "Energy");
        for (var i = 0; i < 200; i++)
        {
            _scorer.Score(report);
        }

        const int Iterations = 2000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            _scorer.Score(report);
        }
        watch.Stop();

        var perCall = watch.Elapsed / Iterations;
        // Generous bound so that a loaded CI machine passes; typical is tens of microseconds.
        Assert.True(perCall < TimeSpan.FromMilliseconds(1), $"{perCall.TotalMicroseconds:0} µs per 1 KB narrative");
    }

    [Fact]
    public void ScoringIsSafeFromManyThreadsAtOnce()
    {
        var rows = _categoryNarratives;
        var expected = rows.Select(r => _scorer.Score(TestReports.Sar(r.Narrative)).TopCategory).ToArray();

        Parallel.For(0, 4000, i =>
        {
            var row = i % rows.Length;
            Assert.Equal(expected[row], _scorer.Score(TestReports.Sar(rows[row].Narrative)).TopCategory);
        });
    }

    [Fact]
    public void ChangingTheLexiconRequiresANewModelVersion()
    {
        var canonical = new StringBuilder();
        foreach (var e in BaselineLexicon.Narrative.Concat(BaselineLexicon.CallTypes))
        {
            canonical.Append(CultureInfo.InvariantCulture, $"{e.Category}|{e.Phrase}|{e.Weight:R}\n");
        }
        foreach (var s in BaselineLexicon.CriticalInfrastructureSectors)
        {
            canonical.Append(CultureInfo.InvariantCulture, $"{s.Phrase}|{s.Sector}\n");
        }
        canonical.Append(CultureInfo.InvariantCulture, $"{BaselineLexicon.SectorBoost:R}");
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));

        // A deliberate step: when the lexicon changes, bump LexiconBaselineScorer.Version and then
        // update both strings here, so that no two lexicons ever share a model version.
        const string ExpectedFingerprint = "1314f1aa2734995993c870494e2b0ada7fd9a2aa261a06a7c5cc427f8bea33c8";
        Assert.Equal("lexicon-baseline-1", new LexiconBaselineScorer().ModelVersion);
        Assert.True(
            fingerprint == ExpectedFingerprint,
            $"the lexicon changed (fingerprint {fingerprint}): bump LexiconBaselineScorer.Version and update this test");
    }

    [Fact]
    public void EveryCategoryHasLexiconEntries()
    {
        var withEntries = BaselineLexicon.Narrative.Select(e => e.Category).ToHashSet();

        Assert.All(IseSarCategories.All, c => Assert.Contains(c.Code, withEntries));
        Assert.All(BaselineLexicon.Narrative.Concat(BaselineLexicon.CallTypes), e => Assert.InRange(e.Weight, 0.1, 2.0));
    }
}
