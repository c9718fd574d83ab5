namespace Pipeline.Dedup.Linking;

/// <summary>
/// The shipped linking model (JSON artifact). GENERATED: do not edit by hand. Produced by the
/// test <c>LinkingAcceptanceTests.ShippedDefaultModelIsWhatTrainingOnTheGeneratorProduces</c> in
/// tests/Pipeline.Dedup.Tests/Linking; set UPDATE_LINKING_MODEL=1 and run that test to rewrite it.
/// </summary>
internal static class DefaultLinkingModel
{
    public const string Json = """
        {
          "format": "pipeline.dedup.fellegi-sunter",
          "formatVersion": 1,
          "modelVersion": "generator-seed1-v1",
          "description": "Supervised (Laplace smoothing 1) on LabelledDataGenerator seed 1, 12,000 events over 21 days; feed clock offsets learned without labels; link threshold: best F1 with training precision \u003E= 0.975; review threshold: 99.5 % of blocked true pairs.",
          "matchProbability": 0.4130249197121834,
          "reviewThreshold": -1,
          "linkThreshold": 3.8,
          "features": [
            {
              "name": "Distance",
              "levels": [
                {
                  "name": "Under50Meters",
                  "m": 0.7653482880755608,
                  "u": 0.252994530222253
                },
                {
                  "name": "Under250Meters",
                  "m": 0.23445493900039355,
                  "u": 0.09513259018209513
                },
                {
                  "name": "Under1Kilometer",
                  "m": 9.838646202282565E-05,
                  "u": 0.6503496503496503
                },
                {
                  "name": "Farther",
                  "m": 9.838646202282565E-05,
                  "u": 0.0015232292460015233
                }
              ]
            },
            {
              "name": "TimeGap",
              "levels": [
                {
                  "name": "Under15Minutes",
                  "m": 0.9846532218396459,
                  "u": 0.17148989199667683
                },
                {
                  "name": "Under1Hour",
                  "m": 0.015051647811116576,
                  "u": 0.47424536139573525
                },
                {
                  "name": "WholeHourOffset",
                  "m": 9.837678307919331E-05,
                  "u": 0.11395735253392413
                },
                {
                  "name": "Under6Hours",
                  "m": 9.837678307919331E-05,
                  "u": 0.11679590141235115
                },
                {
                  "name": "Farther",
                  "m": 9.837678307919331E-05,
                  "u": 0.12351149266131266
                }
              ]
            },
            {
              "name": "Narrative",
              "levels": [
                {
                  "name": "High",
                  "m": 0.5821526957890594,
                  "u": 0.04341203351104341
                },
                {
                  "name": "Medium",
                  "m": 0.32880755608028334,
                  "u": 0.1471993353181472
                },
                {
                  "name": "Low",
                  "m": 0.07979142070051161,
                  "u": 0.2552793740912553
                },
                {
                  "name": "None",
                  "m": 0.009248327430145612,
                  "u": 0.5541092570795542
                }
              ]
            },
            {
              "name": "Category",
              "levels": [
                {
                  "name": "SameCallType",
                  "m": 0.1245695168749385,
                  "u": 0.04750034621243595
                },
                {
                  "name": "Compatible",
                  "m": 0.8753320869821903,
                  "u": 0.4053455200110788
                },
                {
                  "name": "Incompatible",
                  "m": 9.839614287119945E-05,
                  "u": 0.5471541337764853
                }
              ]
            },
            {
              "name": "Plates",
              "levels": [
                {
                  "name": "Exact",
                  "m": 0.822846670739157,
                  "u": 0.0012422360248447205
                },
                {
                  "name": "OneCharacterOff",
                  "m": 0.16982284667073916,
                  "u": 0.0012422360248447205
                },
                {
                  "name": "Disagree",
                  "m": 0.007330482590103849,
                  "u": 0.9975155279503105
                }
              ]
            },
            {
              "name": "Subjects",
              "levels": [
                {
                  "name": "Agree",
                  "m": 0.9992424242424243,
                  "u": 0.014435695538057743
                },
                {
                  "name": "Partial",
                  "m": 0.0003787878787878788,
                  "u": 0.27034120734908135
                },
                {
                  "name": "Disagree",
                  "m": 0.0003787878787878788,
                  "u": 0.7152230971128609
                }
              ]
            }
          ],
          "clockOffsets": [
            {
              "feedA": "cad-city",
              "feedB": "cad-parish",
              "hours": 6,
              "support": 2040
            },
            {
              "feedA": "cad-city",
              "feedB": "sar-tips",
              "hours": -1,
              "support": 1244
            },
            {
              "feedA": "cad-parish",
              "feedB": "sar-portal",
              "hours": -6,
              "support": 1263
            },
            {
              "feedA": "cad-parish",
              "feedB": "sar-tips",
              "hours": -7,
              "support": 1263
            },
            {
              "feedA": "sar-portal",
              "feedB": "sar-tips",
              "hours": -1,
              "support": 1039
            }
          ]
        }
        """;
}
