import { metadataEditCommand } from '../cli/metadata-edit-command.js';

export default metadataEditCommand('annotation');
