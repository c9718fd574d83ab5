namespace Pipeline.Fairness;

/// <summary>
/// How strongly one model feature's presence is associated with one protected attribute: a feature
/// that predicts the attribute lets a model discriminate without ever seeing the attribute.
/// </summary>
/// <param name="Attribute">The protected attribute (<c>race</c>).</param>
/// <param name="Feature">The feature's readable name.</param>
/// <param name="CramersV">Cramér's V of feature presence against the attribute's values, 0 (none) to 1 (the feature determines the group).</param>
/// <param name="Support">Rows (with a value for the attribute) where the feature is present.</param>
/// <param name="MostAssociatedGroup">The group whose share among rows with the feature most exceeds its share overall.</param>
/// <param name="Lift">That group's share among rows with the feature divided by its share overall.</param>
public sealed record ProxyAssociation(string Attribute, string Feature, double CramersV, long Support, string MostAssociatedGroup, double Lift);
