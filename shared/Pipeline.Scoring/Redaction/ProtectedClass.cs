namespace Pipeline.Scoring.Redaction;

/// <summary>The classes of protected characteristics whose descriptors are redacted from narratives.</summary>
public enum ProtectedClass
{
    /// <summary>Race and skin color ("Caucasian", "W/M", "black male").</summary>
    Race,

    /// <summary>Ethnicity ("Hispanic", "Latino", "Arab").</summary>
    Ethnicity,

    /// <summary>National origin: demonyms and nationalities ("Somali", "Mexican", "foreigner").</summary>
    NationalOrigin,

    /// <summary>Religion: faiths, their adherents, clergy and religious dress ("Muslim", "hijab", "rabbi").</summary>
    Religion,

    /// <summary>Sex and gender: sexed nouns, pronouns and honorifics ("male", "woman", "she", "Mrs").</summary>
    SexGender,

    /// <summary>Sexual orientation ("gay", "lesbian", "bisexual").</summary>
    SexualOrientation,

    /// <summary>Gender identity ("transgender", "nonbinary").</summary>
    GenderIdentity,
}
