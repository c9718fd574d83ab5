using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.XPath;

namespace Pipeline.Feeds.Formats;

/// <summary>Options of the XML format.</summary>
/// <param name="RecordElement">
/// Qualified name of the element that holds one record, such as
/// "sar:SuspiciousActivityReport" (its prefix declared in <paramref name="Namespaces"/>), or an
/// unprefixed local name for an element in no namespace.
/// </param>
/// <param name="Namespaces">
/// Prefix to namespace URI, for <paramref name="RecordElement"/> and the field XPaths. The
/// prefixes are the definition's own; the message may use other prefixes for the same URIs.
/// </param>
/// <param name="MaxMessageBytes">Larger messages are rejected unread.</param>
/// <param name="MaxDepth">Messages with elements nested deeper than this (the root element is level 1) are rejected.</param>
public sealed record XmlFormatOptions(string RecordElement, IReadOnlyDictionary<string, string> Namespaces, int MaxMessageBytes = 1_048_576, int MaxDepth = 64);

/// <summary>
/// XML messages (NIEM ISE-SAR exchanges and the like): every element named
/// <see cref="XmlFormatOptions.RecordElement"/> is a record, wherever it sits (records nested in a
/// record are part of that record). Field selectors are XPath 1.0 expressions evaluated with the
/// record element as the context node; each record is its own document, so "/" and "//" do not
/// reach into other records. DTDs are prohibited: a message with a DOCTYPE is rejected unread,
/// which is what stops entity-expansion bombs and external entities.
/// </summary>
public sealed class XmlRecordFormat : RecordFormat
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static readonly XmlWriterSettings RawTextSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        NewLineHandling = NewLineHandling.None,
        NamespaceHandling = NamespaceHandling.OmitDuplicates,
    };

    // What the reader says for a prohibited DTD, learned from the reader itself: XmlException
    // carries no error code, and its wording (localized) is the only thing that tells it apart.
    private static readonly Lazy<string> DtdProhibitedMessage = new(() => ProbeMessage("<!DOCTYPE x><x/>"));
    private static readonly Lazy<string> RootMissingMessage = new(() => ProbeMessage(" "));

    private static readonly XPathDocument EmptyRecord = Load("<record/>");

    private readonly XmlFormatOptions _options;
    private readonly XmlNamespaceManager _namespaces;
    private readonly XmlReaderSettings _readerSettings;
    private readonly string _recordLocalName;
    private readonly string _recordNamespace;

    /// <summary>
    /// Creates the format; throws <see cref="ArgumentException"/> when the record element is not
    /// a valid name or uses a prefix that <see cref="XmlFormatOptions.Namespaces"/> does not declare.
    /// </summary>
    public XmlRecordFormat(XmlFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Namespaces, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxMessageBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDepth, nameof(options));
        _options = options;
        _namespaces = NamespaceManager(options.Namespaces);
        (_recordLocalName, _recordNamespace) = RecordName(options.RecordElement, _namespaces);
        _readerSettings = ReaderSettings(options.MaxMessageBytes);
    }

    /// <inheritdoc />
    public override int MaxMessageBytes => _options.MaxMessageBytes;

    /// <inheritdoc />
    public override bool RecordsStandAlone => false;

    /// <inheritdoc />
    public override RecordFormat WithMaxMessageBytes(int maxMessageBytes) => new XmlRecordFormat(_options with { MaxMessageBytes = maxMessageBytes });

    /// <summary>
    /// Compiles an XPath 1.0 expression relative to the record element, with the prefixes of
    /// <see cref="XmlFormatOptions.Namespaces"/>; throws <see cref="FormatException"/> for invalid
    /// syntax, an undeclared prefix, a variable, an unknown function, or a path step after a
    /// value that is not a node-set ("1/x").
    /// </summary>
    public override FieldSelector Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new FormatException("XPath expression is empty");
        }
        XPathSelector selector;
        try
        {
            // Prefixes, variables and functions are resolved here, not at evaluation.
            selector = new XPathSelector(expression, XPathExpression.Compile(expression, _namespaces));
        }
        catch (XPathException e)
        {
            throw InvalidXPath(expression, e);
        }
        // Type errors surface only at evaluation. One run on an empty record finds those that
        // are not behind a predicate or and/or (which an empty record never reaches); Values
        // reports the rest as FormatException.
        var emptyRecord = EmptyRecord.CreateNavigator();
        emptyRecord.MoveToChild(XPathNodeType.Element);
        selector.Evaluate(emptyRecord);
        return selector;
    }

    /// <inheritdoc />
    public override IEnumerable<ExtractedRecord> Extract(ReadOnlyMemory<byte> message)
    {
        if (message.Length > _options.MaxMessageBytes)
        {
            return [ExtractedRecord.Unreadable(0, $"message is {message.Length} bytes, over the limit of {_options.MaxMessageBytes} bytes")];
        }
        if (message.IsEmpty)
        {
            return [ExtractedRecord.Unreadable(0, "message is empty")];
        }
        using var stream = MemoryMarshal.TryGetArray(message, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(message.ToArray(), writable: false);
        // The whole message is read before any record is handed out: a message that turns out
        // to be malformed near its end is rejected as one, not half-delivered.
        var records = new List<ExtractedRecord>();
        XmlDepthLimitingReader? reader = null;
        try
        {
            // Inside the try: Create already reads the first bytes to detect the encoding.
            reader = new XmlDepthLimitingReader(XmlReader.Create(stream, _readerSettings), _options.MaxDepth);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element
                    && string.Equals(reader.LocalName, _recordLocalName, StringComparison.Ordinal)
                    && string.Equals(reader.NamespaceURI, _recordNamespace, StringComparison.Ordinal))
                {
                    records.Add(ExtractedRecord.Of(ReadRecord(reader, records.Count)));
                }
            }
        }
        catch (XmlException e)
        {
            return [ExtractedRecord.Unreadable(0, reader is { DepthExceeded: true }
                ? $"XML elements are nested deeper than {_options.MaxDepth} levels{Position(e.LineNumber, e.LinePosition)}"
                : Problem(e))];
        }
        finally
        {
            reader?.Dispose();
        }
        return records.Count > 0
            ? records
            : [ExtractedRecord.Unreadable(0, $"no <{_options.RecordElement}> record element in the message")];
    }

    private static XmlSourceRecord ReadRecord(XmlDepthLimitingReader reader, int index)
    {
        // Taken before the subtree is read: the prefixes the record uses may be declared on
        // its ancestors, which the record's own document does not see.
        var inScope = reader.GetNamespacesInScope(XmlNamespaceScope.ExcludeXml);
        XPathDocument document;
        using (var subtree = reader.ReadSubtree())
        {
            document = new XPathDocument(subtree, XmlSpace.Preserve);
        }
        var element = document.CreateNavigator();
        element.MoveToChild(XPathNodeType.Element);
        return new XmlSourceRecord(index, element, OuterXml(element, inScope));
    }

    // The record element as it stands alone: declarations of every namespace in scope where it
    // sat (so its raw text parses by itself, with the prefixes of the message), then its
    // attributes and content. Comments and processing instructions were dropped on reading.
    private static string OuterXml(XPathNavigator element, IDictionary<string, string> inScope)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, RawTextSettings))
        {
            writer.WriteStartElement(element.Prefix, element.LocalName, element.NamespaceURI);
            foreach (var (prefix, uri) in inScope)
            {
                if (prefix.Length == 0)
                {
                    writer.WriteAttributeString("xmlns", XmlnsNamespace, uri);
                }
                else
                {
                    writer.WriteAttributeString("xmlns", prefix, XmlnsNamespace, uri);
                }
            }
            var node = element.Clone();
            if (node.MoveToFirstAttribute())
            {
                do
                {
                    writer.WriteAttributeString(node.Prefix, node.LocalName, node.NamespaceURI, node.Value);
                }
                while (node.MoveToNextAttribute());
            }
            node = element.Clone();
            if (node.MoveToFirstChild())
            {
                do
                {
                    node.WriteSubtree(writer);
                }
                while (node.MoveToNext());
            }
            writer.WriteEndElement();
        }
        return text.ToString();
    }

    // XmlException messages quote element names, attribute values and entity names from the
    // document, and reasons travel in dead-letter headers and logs: only the kind of problem
    // and where it is are reported.
    private static string Problem(XmlException e)
    {
        if (string.Equals(e.Message, DtdProhibitedMessage.Value, StringComparison.Ordinal))
        {
            // The reader reports no position for a prohibited DTD.
            return "DTDs are prohibited: the message has a DOCTYPE declaration";
        }
        if (string.Equals(e.Message, RootMissingMessage.Value, StringComparison.Ordinal))
        {
            return "malformed XML: no root element";
        }
        return $"malformed XML: the document is not well-formed{Position(e.LineNumber, e.LinePosition)}";
    }

    private static string Position(int line, int position) =>
        line > 0 ? $" (line {line}, position {position})" : "";

    private static XPathDocument Load(string document)
    {
        using var reader = XmlReader.Create(new StringReader(document), ReaderSettings(64));
        return new XPathDocument(reader);
    }

    private static string ProbeMessage(string document)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(document), ReaderSettings(64));
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            return e.Message;
        }
        return "";
    }

    private static XmlReaderSettings ReaderSettings(int maxMessageBytes) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        // A character takes at least one byte in every encoding, so this never binds before the size check does.
        MaxCharactersInDocument = maxMessageBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    private static XmlNamespaceManager NamespaceManager(IReadOnlyDictionary<string, string> namespaces)
    {
        var manager = new XmlNamespaceManager(new NameTable());
        foreach (var (prefix, uri) in namespaces)
        {
            if (string.IsNullOrEmpty(prefix))
            {
                throw new ArgumentException("namespaces need a prefix: XPath 1.0 has no default namespace, so an unprefixed name always means no namespace", nameof(namespaces));
            }
            if (!IsNcName(prefix))
            {
                throw new ArgumentException($"namespace prefix '{prefix}' is not a valid XML name", nameof(namespaces));
            }
            if (string.IsNullOrWhiteSpace(uri))
            {
                throw new ArgumentException($"namespace prefix '{prefix}' has an empty URI", nameof(namespaces));
            }
            try
            {
                manager.AddNamespace(prefix, uri);
            }
            catch (ArgumentException e)
            {
                // "xml" and "xmlns" are reserved and bound to their own URIs.
                throw new ArgumentException($"namespace prefix '{prefix}' is reserved", nameof(namespaces), e);
            }
        }
        return manager;
    }

    private static (string LocalName, string Namespace) RecordName(string recordElement, XmlNamespaceManager namespaces)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordElement);
        var colon = recordElement.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon < 0 ? "" : recordElement[..colon];
        var localName = recordElement[(colon + 1)..];
        if (!IsNcName(localName) || (colon >= 0 && !IsNcName(prefix)))
        {
            throw new ArgumentException($"record element '{recordElement}' is not a valid XML name (expected 'prefix:name' or 'name')", nameof(recordElement));
        }
        if (prefix.Length == 0)
        {
            return (localName, "");
        }
        return namespaces.LookupNamespace(prefix) is { } uri
            ? (localName, uri)
            : throw new ArgumentException($"record element '{recordElement}' uses prefix '{prefix}', which is not declared in Namespaces", nameof(recordElement));
    }

    private static bool IsNcName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    // The expression is the definition's text, not record content, so quoting it is safe.
    private static FormatException InvalidXPath(string expression, XPathException e) =>
        new($"invalid XPath '{expression}': {e.Message.TrimEnd('.')}", e);

    private sealed class XPathSelector(string expression, XPathExpression compiled) : FieldSelector(expression)
    {
        /// <summary>The values the expression finds with <paramref name="context"/> as the context node.</summary>
        /// <exception cref="FormatException">The expression has a type error that only evaluation found.</exception>
        public List<string> Evaluate(XPathNavigator context)
        {
            var values = new List<string>();
            try
            {
                // A compiled expression keeps evaluation state; a clone per use lets one
                // definition serve several threads.
                switch (context.Evaluate(compiled.Clone()))
                {
                    case XPathNodeIterator nodes:
                        while (nodes.MoveNext())
                        {
                            Add(nodes.Current!.Value, values);
                        }
                        break;
                    case string text:
                        Add(text, values);
                        break;
                    case double number when !double.IsNaN(number):
                        // NaN is XPath's "no number" (number() of an absent field): no value.
                        values.Add(number.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case bool flag:
                        values.Add(flag ? "true" : "false");
                        break;
                    default:
                        break;
                }
            }
            catch (XPathException e)
            {
                throw InvalidXPath(Expression, e);
            }
            return values;
        }

        private static void Add(string text, List<string> values)
        {
            var trimmed = text.Trim();
            if (trimmed.Length > 0)
            {
                values.Add(trimmed);
            }
        }
    }

    private sealed class XmlSourceRecord(int index, XPathNavigator element, string rawText) : ISourceRecord
    {
        private IReadOnlyCollection<string>? _fieldNames;

        public int Index { get; } = index;

        public string RawText { get; } = rawText;

        public IReadOnlyCollection<string> FieldNames => _fieldNames ??= ChildElementNames();

        /// <exception cref="FormatException">The selector has a type error that only evaluation found (see <see cref="Compile"/>).</exception>
        public IReadOnlyList<string> Values(FieldSelector selector)
        {
            ArgumentNullException.ThrowIfNull(selector);
            return selector is XPathSelector xpath
                ? xpath.Evaluate(element)
                : throw new ArgumentException("the selector was not compiled by an XmlRecordFormat", nameof(selector));
        }

        private string[] ChildElementNames()
        {
            var names = new List<string>();
            var child = element.Clone();
            if (child.MoveToFirstChild())
            {
                do
                {
                    if (child.NodeType == XPathNodeType.Element && !names.Contains(child.LocalName, StringComparer.Ordinal))
                    {
                        names.Add(child.LocalName);
                    }
                }
                while (child.MoveToNext());
            }
            return [.. names];
        }
    }
}
