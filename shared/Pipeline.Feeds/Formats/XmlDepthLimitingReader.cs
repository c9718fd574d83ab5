using System.Xml;

namespace Pipeline.Feeds.Formats;

/// <summary>
/// Passes an <see cref="XmlReader"/> through, stopping at the first element deeper than a
/// limit. XmlReaderSettings has no depth limit, and the records are loaded by
/// <see cref="System.Xml.XPath.XPathDocument"/> from a subtree reader, so the check has to sit
/// under the reader that everything reads through.
/// </summary>
internal sealed class XmlDepthLimitingReader(XmlReader inner, int maxDepth) : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    /// <summary>Set when the limit stopped the reader: the reader then throws <see cref="XmlException"/>.</summary>
    public bool DepthExceeded { get; private set; }

    public override bool Read()
    {
        if (!inner.Read())
        {
            return false;
        }
        // Depth counts from 0 at the root element, so MaxDepth levels are depths 0..MaxDepth-1.
        if (inner.NodeType == XmlNodeType.Element && inner.Depth >= maxDepth)
        {
            DepthExceeded = true;
            throw new XmlException("element depth limit reached", null, LineNumber, LinePosition);
        }
        return true;
    }

    public override int AttributeCount => inner.AttributeCount;

    public override string BaseURI => inner.BaseURI;

    public override int Depth => inner.Depth;

    public override bool EOF => inner.EOF;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override string LocalName => inner.LocalName;

    public override string NamespaceURI => inner.NamespaceURI;

    public override XmlNameTable NameTable => inner.NameTable;

    public override XmlNodeType NodeType => inner.NodeType;

    public override string Prefix => inner.Prefix;

    public override ReadState ReadState => inner.ReadState;

    public override string Value => inner.Value;

    public override XmlReaderSettings? Settings => inner.Settings;

    public int LineNumber => (inner as IXmlLineInfo)?.LineNumber ?? 0;

    public int LinePosition => (inner as IXmlLineInfo)?.LinePosition ?? 0;

    public bool HasLineInfo() => (inner as IXmlLineInfo)?.HasLineInfo() ?? false;

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    public IDictionary<string, string> GetNamespacesInScope(XmlNamespaceScope scope) =>
        (inner as IXmlNamespaceResolver)?.GetNamespacesInScope(scope) ?? new Dictionary<string, string>();

    public string? LookupPrefix(string namespaceName) => (inner as IXmlNamespaceResolver)?.LookupPrefix(namespaceName);

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
