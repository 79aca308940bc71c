// Command mla turns a case file into the request bundle a Chinese
// case-handling authority sends abroad for mutual legal assistance in a
// corruption case. See the README for the case format and the commands.
package main

import (
	"os"

	"github.com/mla-dev/mla/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
