using Google.Protobuf.Reflection;
using Grpc.Testing;

namespace LedgerGrpc.Wire.Tests.Client;

/// <summary>The methods of grpc.testing.TestService and UnimplementedService, from protoc's descriptors.</summary>
public static class TestServiceMethods
{
    private static readonly ServiceDescriptor TestService = TestReflection.Descriptor.Services.Single(s => s.Name == "TestService");

    public static MethodDescriptor EmptyCall => TestService.FindMethodByName("EmptyCall");

    public static MethodDescriptor UnaryCall => TestService.FindMethodByName("UnaryCall");

    public static MethodDescriptor StreamingOutputCall => TestService.FindMethodByName("StreamingOutputCall");

    public static MethodDescriptor StreamingInputCall => TestService.FindMethodByName("StreamingInputCall");

    public static MethodDescriptor FullDuplexCall => TestService.FindMethodByName("FullDuplexCall");

    public static MethodDescriptor HalfDuplexCall => TestService.FindMethodByName("HalfDuplexCall");

    public static MethodDescriptor UnimplementedCall => TestService.FindMethodByName("UnimplementedCall");

    public static MethodDescriptor UnimplementedServiceCall =>
        TestReflection.Descriptor.Services.Single(s => s.Name == "UnimplementedService").FindMethodByName("UnimplementedCall");

    public static Payload Zeros(int size) => new() { Body = Google.Protobuf.ByteString.CopyFrom(new byte[size]) };

    public static StreamingOutputCallRequest PingPongRequest(int responseSize, int payloadSize)
    {
        var request = new StreamingOutputCallRequest { Payload = Zeros(payloadSize) };
        request.ResponseParameters.Add(new ResponseParameters { Size = responseSize });
        return request;
    }
}
