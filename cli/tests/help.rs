//! `--help` documents every option with an example; the hidden `schema` command.

mod common;

use common::run;

const COMMANDS: [&str; 5] = ["check", "explain", "docs", "diff", "generate"];

#[test]
fn top_level_help_lists_the_commands_with_examples() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for command in COMMANDS {
        assert!(stdout.contains(&format!("\n  {command} ")), "{command}: {stdout}");
        assert!(stdout.contains(&format!("  errtable {command} ")), "example of {command}");
    }
    assert!(!stdout.contains("schema"), "schema is hidden: {stdout}");
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("errtable "));
}

/// The argument and option blocks of a `--help` text: from the `Arguments:` or
/// `Options:` heading to the `Examples:` one, a block starts at each line indented by
/// exactly two spaces.
fn option_blocks(help: &str) -> Vec<String> {
    let start = help.find("\nArguments:\n").or_else(|| help.find("\nOptions:\n")).unwrap();
    let end = help.find("\nExamples:\n").unwrap();
    let mut blocks: Vec<String> = Vec::new();
    for line in help[start..end].lines() {
        let starts_block = line.starts_with("  ") && !line.starts_with("   ");
        if starts_block {
            blocks.push(String::new());
        }
        if let Some(block) = blocks.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

#[test]
fn every_option_of_every_command_has_an_example() {
    for command in COMMANDS {
        let (code, help, _) = run(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(help.contains("\nExamples:\n"), "{command}: {help}");
        let blocks = option_blocks(&help);
        assert!(blocks.len() >= 2, "{command}: {blocks:?}");
        for block in blocks {
            if block.contains("--help") || block.contains("--version") {
                continue;
            }
            assert!(block.contains("Example: "), "{command}: no example for\n{block}");
        }
    }
}

#[test]
fn schema_prints_the_spec_format_schema() {
    let (code, stdout, _) = run(&["schema"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, errtable_codegen::schema::schema_text());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("errtable.schema.json");
    let (code, stdout, _) = run(&["schema", "-o", &out.display().to_string()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(out).unwrap(), errtable_codegen::schema::schema_text());
}

#[test]
fn unknown_commands_and_options_exit_2() {
    for args in [&["frobnicate"][..], &["check", "--frob"], &[]] {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
}
