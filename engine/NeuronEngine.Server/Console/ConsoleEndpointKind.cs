namespace NeuronEngine.Server.Console;

/// <summary>What a console route serves, which decides how a request without a signed-in user is answered.</summary>
internal enum ConsoleEndpointKind
{
    /// <summary>An HTML page: a browser that is not signed in is sent to the sign-in page.</summary>
    Page,

    /// <summary>A JSON endpoint the console's script polls: 401 with a JSON body instead of a redirect.</summary>
    Api,

    /// <summary>The stylesheet, the script and the redirects to the first page: served to anybody (the sign-in page needs them).</summary>
    Public,
}
