// main.go of the trimmed oracle/oci build (written by tools/provider-trim over the upstream main.go through
// `go build -overlay`; upstream files on disk stay unchanged).
//
// It serves the provider exactly as upstream main.go does in plugin mode: a mux over the SDKv2 provider and the
// plugin-framework provider, speaking protocol 5. Upstream main.go also offers resource discovery (-command=export),
// which imports every service package; that is left out, so only the services registered by the trimmed
// internal/provider/register_*.go are compiled.
//
// `-version` prints the provider's own version constant (internal/globalvar) and exits.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-mux/tf5muxserver"

	"github.com/oracle/terraform-provider-oci/internal/globalvar"
	"github.com/oracle/terraform-provider-oci/internal/provider"
)

func main() {
	showVersion := flag.Bool("version", false, "print the provider version and exit")
	debug := flag.Bool("debug", false, "serve in debug mode (prints the reattach configuration)")
	flag.Parse()

	if *showVersion {
		fmt.Println(globalvar.Version)
		return
	}
	globalvar.PrintVersion()

	ctx := context.Background()
	servers := []func() tfprotov5.ProviderServer{
		provider.Provider().GRPCProvider,
		providerserver.NewProtocol5(provider.New()),
	}
	mux, err := tf5muxserver.NewMuxServer(ctx, servers...)
	if err != nil {
		log.Fatal(err)
	}

	var opts []tf5server.ServeOpt
	if *debug {
		opts = append(opts, tf5server.WithManagedDebug())
	}
	// Same address as upstream main.go (only used for debug reattach).
	if err := tf5server.Serve("registry.terraform.io/hashicorp/oci", mux.ProviderServer, opts...); err != nil {
		log.Fatal(err)
	}
}
