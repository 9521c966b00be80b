using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Grpc.Core;
using LedgerGrpc.Protos.Ledger.V1;
using LedgerGrpc.Server.Marshalling;
using LedgerGrpc.Server.Tests.Hosting;
using LedgerGrpc.Testing;

namespace LedgerGrpc.Server.Tests.Marshalling;

/// <summary>Cached Classify answers go out as the bytes encoded once, through Grpc.AspNetCore's serialization context
/// (so its size limit and response compression still apply); other responses keep the generated marshaller.</summary>
public sealed class PreEncodedMarshallerTests
{
    private static readonly Marshaller<ClassifyResponse> Classify = PreEncodedMarshaller.Wrap(Marshallers.Create(
        (ClassifyResponse r) => r.ToByteArray(), ClassifyResponse.Parser.ParseFrom));

    /// <summary>Collects what a marshaller hands to the serialization context.</summary>
    private sealed class CapturingContext : SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public byte[] Written { get; private set; } = [];

        public int? PayloadLength { get; private set; }

        public override void Complete(byte[] payload) => Written = payload;

        public override void SetPayloadLength(int payloadLength) => PayloadLength = payloadLength;

        public override IBufferWriter<byte> GetBufferWriter() => _buffer;

        public override void Complete() => Written = _buffer.WrittenSpan.ToArray();
    }

    private static byte[] Serialize(Marshaller<ClassifyResponse> marshaller, ClassifyResponse response)
    {
        var context = new CapturingContext();
        marshaller.ContextualSerializer(response, context);
        return context.Written;
    }

    [Fact]
    public void A_pre_encoded_response_is_written_as_the_bytes_made_when_it_was_encoded()
    {
        var response = new ClassifyResponse { CustomerId = 7, CategoryCode = "0101" }.PreEncode();
        var encoded = response.ToByteArray();
        // Changing a message after PreEncode breaks its contract; done here only to see which bytes are written.
        response.CategoryCode = "changed";

        Assert.Equal(encoded, Serialize(Classify, response));
    }

    [Fact]
    public void A_response_that_was_not_pre_encoded_is_encoded_as_usual()
    {
        var response = new ClassifyResponse { CustomerId = 7, CategoryCode = "0101" };

        Assert.Equal(response.ToByteArray(), Serialize(Classify, response));
    }

    [Fact]
    public void Other_responses_keep_their_marshaller()
    {
        var transactions = Marshallers.Create((Transaction t) => t.ToByteArray(), Transaction.Parser.ParseFrom);

        Assert.Same(transactions, PreEncodedMarshaller.Wrap(transactions));
    }

    [Fact]
    public async Task Cached_Classify_answers_are_gzip_compressed_when_the_server_compresses_responses()
    {
        await using var server = await TestServerHost.StartAsync(new Dictionary<string, string?> { ["Grpc:ResponseCompressionAlgorithm"] = "gzip" });
        var customer = await new CustomerLedger.CustomerLedgerClient(server.Connect()).CreateCustomerAsync(new CreateCustomerRequest { ExternalRef = "ada", Name = "Ada", Type = CustomerType.Enterprise });
        var expected = await new Segments.SegmentsClient(server.Connect()).ClassifyAsync(new ClassifyRequest { CustomerId = customer.Id });

        // Twice: the second answer comes from the cache.
        for (var call = 0; call < 2; call++)
        {
            var reply = await RawGrpc.PostAsync(server.Address, "/ledger.v1.Segments/Classify",
                RawGrpc.Frame(new ClassifyRequest { CustomerId = customer.Id }.ToByteArray()), RawGrpc.GrpcContentType,
                RawGrpc.AdminKey(server), ("grpc-accept-encoding", "gzip"));

            Assert.Equal("0", reply.GrpcStatus);
            Assert.Equal(1, reply.Body[0]); // the compressed flag
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(reply.Body.AsSpan(1));
            using var gzip = new GZipStream(new MemoryStream(reply.Body, 5, length), CompressionMode.Decompress);
            Assert.Equal(expected, ClassifyResponse.Parser.ParseFrom(gzip));
        }
    }
}
